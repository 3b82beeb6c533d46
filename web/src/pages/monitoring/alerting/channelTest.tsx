import type { MonitoringClient } from '../../../api/monitoringClient';
import { SendTest as SendSample } from '../../../components/SendTest';
import { VIEWER_TITLE } from './AlertingNav';

/** "Send test" on an alert channel: a sample notification through it now, then the receiver's answer or the error. */
export function SendTest({ monitoring, channelId, operator }: { monitoring: MonitoringClient; channelId: string; operator: boolean }) {
  return <SendSample send={() => monitoring.testChannel(channelId)} allowed={operator} deniedTitle={VIEWER_TITLE} testId="channel-test" />;
}
