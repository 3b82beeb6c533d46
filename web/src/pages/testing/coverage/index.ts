import './coverage.css';

export { CoverageExplorer } from './CoverageExplorer';
export { CoverageTrendPanel } from './CoverageTrendPanel';
export { RunViewTabs } from './RunViewTabs';
