import type { Changelog, ReleasePlan } from '../../api/gitTypes';
import { parseMarkdown, type Inline } from './markdown';
import { bumpLabel } from './gitText';

function Inlines({ inlines }: { inlines: Inline[] }) {
  return (
    <>
      {inlines.map((inline, index) => {
        switch (inline.kind) {
          case 'code':
            return <code key={index}>{inline.text}</code>;
          case 'strong':
            return <strong key={index}>{inline.text}</strong>;
          case 'em':
            return <em key={index}>{inline.text}</em>;
          case 'link':
            return (
              <a key={index} href={inline.href} target="_blank" rel="noreferrer noopener">
                {inline.text}
              </a>
            );
          case 'text':
            return <span key={index}>{inline.text}</span>;
        }
      })}
    </>
  );
}

/** A generated changelog, rendered from its Markdown (headings, lists, inline code and emphasis; never HTML). */
export function MarkdownView({ text, testId }: { text: string; testId?: string }) {
  return (
    <div className="git-markdown" data-testid={testId}>
      {parseMarkdown(text).map((block, index) => {
        if (block.kind === 'heading') {
          const Heading = block.level <= 2 ? 'h3' : 'h4';
          return (
            <Heading key={index}>
              <Inlines inlines={block.inlines} />
            </Heading>
          );
        }
        if (block.kind === 'list')
          return (
            <ul key={index}>
              {block.items.map((item, itemIndex) => (
                <li key={itemIndex}>
                  <Inlines inlines={item} />
                </li>
              ))}
            </ul>
          );
        return (
          <p key={index}>
            <Inlines inlines={block.inlines} />
          </p>
        );
      })}
    </div>
  );
}

/** Where the repository stands (last release), what its next release is, and the changelog of what is unreleased. */
export function ReleaseCard({ plan, changelog }: { plan: ReleasePlan; changelog: Changelog }) {
  return (
    <section className="card" data-testid="git-release">
      <div className="card-header">
        <h2>Next release</h2>
        <span className={`tag git-bump git-bump-${plan.bump}`} data-testid="git-release-bump">
          {bumpLabel(plan.bump)}
        </span>
      </div>
      <dl className="facts-grid git-release-facts">
        <div>
          <dt>Current</dt>
          <dd className="mono" data-testid="git-release-current">
            {plan.currentTag ?? 'no version tag yet'}
          </dd>
        </div>
        <div>
          <dt>Next version</dt>
          <dd className="git-next-version" data-testid="git-next-version">
            {plan.nextVersion ?? 'nothing releasable'}
          </dd>
        </div>
        {plan.nextTag && (
          <div>
            <dt>Tag</dt>
            <dd className="mono">{plan.nextTag}</dd>
          </div>
        )}
        <div>
          <dt>Commits since</dt>
          <dd>{plan.commits.length}</dd>
        </div>
      </dl>
      <h3 className="git-subheading">Changelog preview</h3>
      {changelog.text.trim() === '' ? (
        <p className="empty" data-testid="git-changelog-empty">
          No unreleased changes since {plan.lastReleaseTag ?? 'the first commit'}.
        </p>
      ) : (
        <MarkdownView text={changelog.text} testId="git-changelog" />
      )}
    </section>
  );
}
