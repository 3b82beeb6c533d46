import { COMPARE_OFFSETS, PANEL_KINDS, type DashboardDefinition, type DashboardPanel, type PanelQuery } from '../api/monitoringTypes';
import { parseDuration } from './timeRange';

/** The dashboard grid: 24 columns (as the server's DashboardValidator), rows of a fixed height; panels never overlap. */
export const GRID_COLUMNS = 24;
export const MAX_PANEL_HEIGHT = 24;

type Box = Pick<DashboardPanel, 'x' | 'y' | 'w' | 'h'>;

export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** The first free place (top to bottom, left to right) for a panel of w×h. */
export function freeSpot(panels: Box[], w: number, h: number): { x: number; y: number } {
  const width = Math.min(Math.max(1, w), GRID_COLUMNS);
  for (let y = 0; ; y++) {
    for (let x = 0; x + width <= GRID_COLUMNS; x++) {
      const box = { x, y, w: width, h };
      if (!panels.some((panel) => overlaps(panel, box))) return { x, y };
    }
  }
}

/**
 * Moves or resizes one panel (kept inside the grid), then pushes any panel it now covers down below it (or, when the
 * move was downward, up into the row it left), and finally floats every other panel up as far as it can go, so the
 * grid has no holes a user did not ask for.
 */
export function arrange(panels: DashboardPanel[], id: string, change: Partial<Box>): DashboardPanel[] {
  const moved = panels.find((panel) => panel.id === id);
  if (!moved) return panels;
  const w = clamp(change.w ?? moved.w, 1, GRID_COLUMNS);
  const h = clamp(change.h ?? moved.h, 1, MAX_PANEL_HEIGHT);
  const x = clamp(change.x ?? moved.x, 0, GRID_COLUMNS - w);
  const y = Math.max(0, change.y ?? moved.y);
  const target: DashboardPanel = { ...moved, x, y, w, h };

  // The moved panel keeps its place; the others settle around it in reading order.
  const placed: DashboardPanel[] = [target];
  const others = panels.filter((panel) => panel.id !== id).sort(byReadingOrder);
  for (const panel of others) {
    const next = { ...panel };
    // Moving down onto a panel swaps them: the covered one takes the moved panel's old row when it fits there.
    if (y > moved.y && placed.some((other) => overlaps(other, next))) {
      const swapped = { ...next, y: moved.y };
      if (!placed.some((other) => overlaps(other, swapped))) next.y = moved.y;
    }
    while (placed.some((other) => overlaps(other, next))) next.y += 1;
    placed.push(next);
  }
  // Keep the caller's order: only boxes change.
  const result = compact(placed, id);
  return panels.map((panel) => result.find((item) => item.id === panel.id) ?? panel);
}

/** Floats panels up into empty rows (the pinned one stays where it was put). */
export function compact(panels: DashboardPanel[], pinned?: string): DashboardPanel[] {
  const result: DashboardPanel[] = [];
  const pin = panels.find((panel) => panel.id === pinned);
  if (pin) result.push(pin);
  for (const panel of [...panels].filter((item) => item.id !== pinned).sort(byReadingOrder)) {
    const next = { ...panel };
    while (next.y > 0 && !result.some((other) => overlaps(other, { ...next, y: next.y - 1 }))) next.y -= 1;
    result.push(next);
  }
  return panels.map((panel) => result.find((item) => item.id === panel.id) ?? panel);
}

/** The order panels stack in on a phone (one column): top to bottom, then left to right. */
export function byReadingOrder(a: Box, b: Box): number {
  return a.y - b.y || a.x - b.x;
}

/** Replaces `$name` (and `${name}`) in a panel's query with the dashboard's variables; unknown names stay as written. */
export function applyVariables(query: PanelQuery, variables: Record<string, string>): PanelQuery {
  const replace = (text: string | undefined) =>
    text?.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced: string | undefined, bare: string | undefined) => {
      const name = braced ?? bare ?? '';
      return Object.prototype.hasOwnProperty.call(variables, name) ? (variables[name] ?? '') : whole;
    });
  const result: PanelQuery = { measurement: replace(query.measurement) ?? '', field: replace(query.field) ?? '' };
  for (const key of ['where', 'aggregate', 'every', 'groupBy'] as const) {
    const value = replace(query[key]);
    if (value) result[key] = value;
  }
  return result;
}

/** The variables a dashboard's panels use (`$host` → "host"), so the page can offer an input for each. */
export function variablesUsed(panels: DashboardPanel[]): string[] {
  const names = new Set<string>();
  for (const panel of panels)
    for (const text of Object.values(panel.query))
      if (typeof text === 'string') for (const match of text.matchAll(/\$\{(\w+)\}|\$(\w+)/g)) names.add(match[1] ?? match[2] ?? '');
  names.delete('');
  return [...names].sort();
}

/** What is wrong with a dashboard before it is sent, by field (`name`, `panels[1].query.measurement`, ...); empty when fine. */
export function validateDashboard(definition: DashboardDefinition): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!definition.name.trim()) errors.name = 'Give the dashboard a name.';
  else if (definition.name.length > 200) errors.name = 'The name is longer than 200 characters.';
  if (parseDuration(definition.timeRange) === null) errors.timeRange = 'The time range is a duration such as 1h or 7d.';
  if (parseDuration(definition.refresh) === null) errors.refresh = 'The refresh is a duration such as 1s or 30s.';
  for (const name of Object.keys(definition.variables)) if (!/^\w+$/.test(name)) errors[`variables.${name}`] = 'A variable name is letters, digits and _.';

  const ids = new Set<string>();
  definition.panels.forEach((panel, index) => {
    const at = `panels[${index}]`;
    if (ids.has(panel.id)) errors[`${at}.id`] = 'Two panels have the same id.';
    ids.add(panel.id);
    if (!panel.title.trim()) errors[`${at}.title`] = 'Give the panel a title.';
    if (!(PANEL_KINDS as readonly string[]).includes(panel.kind)) errors[`${at}.kind`] = `The kind is one of ${PANEL_KINDS.join(', ')}.`;
    if (panel.compare !== null && !(COMPARE_OFFSETS as readonly string[]).includes(panel.compare)) errors[`${at}.compare`] = 'Compare with 1d or 1w, or nothing.';
    if (!panel.query.measurement.trim()) errors[`${at}.query.measurement`] = 'Pick a measurement.';
    if (!panel.query.field.trim()) errors[`${at}.query.field`] = 'Pick a field.';
    if (panel.query.every && !panel.query.every.includes('$') && parseDuration(panel.query.every) === null) errors[`${at}.query.every`] = 'The bucket is a duration such as 10s.';
    if (panel.w < 1 || panel.x < 0 || panel.x + panel.w > GRID_COLUMNS) errors[`${at}.w`] = `The panel must fit in ${GRID_COLUMNS} columns.`;
    if (panel.h < 1 || panel.h > MAX_PANEL_HEIGHT || panel.y < 0) errors[`${at}.h`] = `The height is 1 to ${MAX_PANEL_HEIGHT} rows.`;
  });
  for (let a = 0; a < definition.panels.length; a++)
    for (let b = a + 1; b < definition.panels.length; b++) {
      const first = definition.panels[a];
      const second = definition.panels[b];
      if (first && second && overlaps(first, second)) errors[`panels[${b}].y`] = `"${second.title}" overlaps "${first.title}".`;
    }
  return errors;
}

/** A new panel's id: unique among the dashboard's. */
export function newPanelId(panels: DashboardPanel[]): string {
  let index = panels.length + 1;
  while (panels.some((panel) => panel.id === `p${index}`)) index++;
  return `p${index}`;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, Math.round(value)));
}

/**
 * The row a "move up/down" button sends a panel to: the row of the nearest panel above or below it in the same
 * columns (so one click swaps them), or one row when there is none.
 */
export function stepRow(panels: DashboardPanel[], id: string, direction: -1 | 1): number {
  const panel = panels.find((item) => item.id === id);
  if (!panel) return 0;
  const sameColumns = panels.filter((other) => other.id !== id && other.x < panel.x + panel.w && panel.x < other.x + other.w);
  const rows = direction > 0 ? sameColumns.filter((other) => other.y > panel.y).map((other) => other.y) : sameColumns.filter((other) => other.y < panel.y).map((other) => other.y);
  if (rows.length === 0) return Math.max(0, panel.y + direction);
  return direction > 0 ? Math.min(...rows) : Math.max(...rows);
}
