import type { GitBranch } from '../../api/gitTypes';
import { aheadBehind, shortSha } from './gitText';

interface BranchesCardProps {
  branches: GitBranch[];
  defaultBranch: string | null;
}

/** Local branches first, then remote-tracking ones; each with ahead/behind against its upstream and the default branch. */
export function BranchesCard({ branches, defaultBranch }: BranchesCardProps) {
  const ordered = [...branches].sort((a, b) => Number(a.isRemote) - Number(b.isRemote) || Number(b.isCurrent) - Number(a.isCurrent) || a.name.localeCompare(b.name));
  return (
    <section className="card card-flush" data-testid="git-branches">
      <div className="card-header git-card-header">
        <h2>Branches</h2>
        <span className="muted small">{ordered.length === 1 ? '1 branch' : `${ordered.length} branches`}</span>
      </div>
      {ordered.length === 0 ? (
        <p className="empty">No branches yet: the repository has no commits.</p>
      ) : (
        <div className="table-scroll">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Branch</th>
                <th scope="col">Tip</th>
                <th scope="col">Upstream</th>
                <th scope="col">vs {defaultBranch ?? 'default'}</th>
              </tr>
            </thead>
            <tbody>
              {ordered.map((branch) => {
                const upstream = aheadBehind(branch.aheadOfUpstream, branch.behindUpstream);
                const isDefault = branch.name === defaultBranch;
                const vsDefault = isDefault ? null : aheadBehind(branch.aheadOfDefault, branch.behindDefault);
                return (
                  <tr key={branch.canonicalName} data-testid={`git-branch-${branch.name}`}>
                    <td>
                      <span className="mono strong">{branch.name}</span>
                      {branch.isCurrent && <span className="tag tag-muted">HEAD</span>}
                      {isDefault && <span className="tag tag-muted">default</span>}
                      {branch.isRemote && <span className="tag tag-muted">remote</span>}
                    </td>
                    <td className="mono small">{shortSha(branch.sha)}</td>
                    <td className="small nowrap">
                      {branch.upstream ? (
                        <>
                          <span className="mono">{branch.upstream}</span> {upstream && <span className="git-ahead-behind">{upstream}</span>}
                        </>
                      ) : (
                        <span className="muted">none</span>
                      )}
                    </td>
                    <td className="small nowrap" data-testid={`git-branch-${branch.name}-vs-default`}>
                      {isDefault ? <span className="muted">—</span> : vsDefault ? <span className="git-ahead-behind">{vsDefault}</span> : <span className="muted">n/a</span>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
