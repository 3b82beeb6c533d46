// Just enough Markdown for a generated changelog (git-cliff's default and Keep a Changelog): headings, list items,
// paragraphs, and `code`, **strong**, *emphasis* and [links](url) inside them. Anything else shows as its text: the
// page never renders HTML from a commit message.

export type Inline = { kind: 'text' | 'code' | 'strong' | 'em'; text: string } | { kind: 'link'; text: string; href: string };

export type Block =
  | { kind: 'heading'; level: number; inlines: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'paragraph'; inlines: Inline[] };

export function parseMarkdown(text: string): Block[] {
  const blocks: Block[] = [];
  let paragraph: string[] = [];
  const endParagraph = () => {
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', inlines: parseInline(paragraph.join(' ')) });
    paragraph = [];
  };

  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const line = raw.trimEnd();
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*[-*+]\s+(.*)$/.exec(line);
    if (heading) {
      endParagraph();
      blocks.push({ kind: 'heading', level: (heading[1] ?? '#').length, inlines: parseInline(heading[2] ?? '') });
    } else if (item) {
      endParagraph();
      const last = blocks[blocks.length - 1];
      const inlines = parseInline(item[1] ?? '');
      if (last?.kind === 'list') last.items.push(inlines);
      else blocks.push({ kind: 'list', items: [inlines] });
    } else if (line.trim() === '' || /^<!--.*-->$/.test(line.trim())) {
      endParagraph();
    } else {
      paragraph.push(line.trim());
    }
  }
  endParagraph();
  return blocks;
}

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function parseInline(text: string): Inline[] {
  const result: Inline[] = [];
  let last = 0;
  for (const match of text.matchAll(INLINE)) {
    const index = match.index;
    if (index > last) result.push({ kind: 'text', text: text.slice(last, index) });
    if (match[1] !== undefined) result.push({ kind: 'code', text: match[1] });
    else if (match[2] !== undefined) result.push({ kind: 'strong', text: match[2] });
    else if (match[3] !== undefined) result.push({ kind: 'em', text: match[3] });
    else if (match[4] !== undefined && match[5] !== undefined) {
      // Only web links become links; a javascript: or relative target stays text.
      if (/^https?:\/\//i.test(match[5])) result.push({ kind: 'link', text: match[4], href: match[5] });
      else result.push({ kind: 'text', text: match[0] });
    }
    last = index + match[0].length;
  }
  if (last < text.length) result.push({ kind: 'text', text: text.slice(last) });
  return result;
}
