import type { DetectedTestProject, ToolchainReport } from '../../api/testingTypes';

/** A project's value in the form's select: a root can hold two frameworks (jest and pytest side by side). */
export function projectKey(project: Pick<DetectedTestProject, 'root' | 'framework'>): string {
  return `${project.framework}:${project.root}`;
}

/**
 * The toolchain report that speaks for a project: the one probed for that project (its own node_modules or vendor
 * tools count), else the framework's machine-wide one.
 */
export function toolchainOf(toolchains: ToolchainReport[] | null, project: Pick<DetectedTestProject, 'root' | 'framework'>): ToolchainReport | undefined {
  if (!toolchains) return undefined;
  const same = toolchains.filter((report) => report.framework === project.framework);
  return same.find((report) => report.project === project.root) ?? same.find((report) => report.project === null) ?? same[0];
}
