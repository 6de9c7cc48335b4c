// The MQTT / Aliyun workspace: connection and triplet on the left, topics and the publish editor in
// the middle, property traffic on the right. Main's status is polled while it is shown.
import { useEffect } from 'react';
import { startStatusPolling } from '../../store/mqtt-actions';
import { setMessage, useMqttStore } from '../../store/mqtt-store';
import { Connection } from './Connection';
import { PropertyTraffic } from './PropertyTraffic';
import { PublishEditor } from './PublishEditor';
import { TopicList } from './TopicList';
import { TripletForm } from './TripletForm';
import { usePick } from '../../i18n';
import './mqtt.css';

export function MqttWorkspace() {
  const pick = usePick();
  const message = useMqttStore((s) => s.message);
  useEffect(() => startStatusPolling(), []);
  return (
    <div className="mqtt-workspace" data-testid="mqtt-workspace">
      {message && (
        <div className={`mqtt-message ${message.level}`} data-testid="mqtt-message" role={message.level === 'error' ? 'alert' : 'status'}>
          <span>{pick(message)}</span>
          <button className="link" onClick={() => setMessage(null)} aria-label="×">×</button>
        </div>
      )}
      <div className="mqtt-columns">
        <div className="mqtt-column">
          <Connection />
          <TripletForm />
        </div>
        <div className="mqtt-column">
          <TopicList />
          <PublishEditor />
        </div>
        <div className="mqtt-column">
          <PropertyTraffic />
        </div>
      </div>
    </div>
  );
}
