import { describe, expect, it } from 'vitest';
import { formatCommandLines, parseCommandLines, parseEnvironmentLines, previewCommand } from './commandLines';

describe('parseCommandLines', () => {
  it('oneArgumentPerLine_ProgramFirst', () => {
    expect(parseCommandLines('sh\n-c\nfor i in 1 2 3; do echo line-$i; sleep 0.4; done')).toEqual([
      'sh',
      '-c',
      'for i in 1 2 3; do echo line-$i; sleep 0.4; done',
    ]);
  });

  it('argumentsKeepSpacesAndQuotes', () => {
    expect(parseCommandLines('git\ncommit\n-m\n"fix: a bug"  ')).toEqual(['git', 'commit', '-m', '"fix: a bug"  ']);
  });

  it('windowsLineEndings_AreSplit', () => {
    expect(parseCommandLines('ls\r\n-la\r\n')).toEqual(['ls', '-la']);
  });

  it('blankLinesAroundAreIgnored_InsideAreEmptyArguments', () => {
    expect(parseCommandLines('\n\n  printf\n%s|%s\n\nend\n\n   \n')).toEqual(['printf', '%s|%s', '', 'end']);
  });

  it('programIsTrimmed', () => {
    expect(parseCommandLines('  echo  \nhi')).toEqual(['echo', 'hi']);
  });

  it('empty_GivesNoArguments', () => {
    expect(parseCommandLines('')).toEqual([]);
    expect(parseCommandLines(' \n \n')).toEqual([]);
  });

  it('format_RoundTrips', () => {
    const argv = ['sh', '-c', 'echo "a b"'];
    expect(parseCommandLines(formatCommandLines(argv))).toEqual(argv);
  });

  it('preview_QuotesArgumentsWithSpaces', () => {
    expect(previewCommand(['sh', '-c', 'echo hi', ''])).toBe('sh -c "echo hi" ""');
  });
});

describe('parseEnvironmentLines', () => {
  it('namesAndValues_ValueKeepsEqualsSigns', () => {
    expect(parseEnvironmentLines('A=1\n\n# comment\nB = x=y \nEMPTY=')).toEqual({ values: { A: '1', B: ' x=y ', EMPTY: '' }, errors: [] });
  });

  it('linesWithoutName_AreErrors', () => {
    expect(parseEnvironmentLines('OK=1\nnonsense\n=value').errors).toEqual(['Line 2: write NAME=value.', 'Line 3: write NAME=value.']);
  });
});
