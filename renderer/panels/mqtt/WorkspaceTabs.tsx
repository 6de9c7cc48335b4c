// The two workspaces of the window: QCOM (terminal and command list) and MQTT / Aliyun. The QCOM
// workspace stays mounted while hidden so its terminal keeps its place.
import { create } from 'zustand';
import { useT } from '../../i18n';

export type WorkspaceTab = 'qcom' | 'mqtt';

const useTabStore = create<{ tab: WorkspaceTab }>(() => ({ tab: 'qcom' }));

export const useWorkspaceTab = (): WorkspaceTab => useTabStore((s) => s.tab);

export function WorkspaceTabs() {
  const t = useT();
  const tab = useWorkspaceTab();
  return (
    <span className="app-tabs" role="tablist">
      {(['qcom', 'mqtt'] as const).map((id) => (
        <button key={id} role="tab" aria-selected={tab === id} className={tab === id ? 'on' : ''} data-testid={`tab-${id}`} onClick={() => useTabStore.setState({ tab: id })}>
          {t(`tab.${id}`)}
        </button>
      ))}
    </span>
  );
}
