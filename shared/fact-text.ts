// One readable line per fact, for the CLI's tables and transcripts (and anywhere a fact needs to
// be said in words). Facts arrive masked; this only formats them.
import type { Decoded, Fact } from './facts';

export type Lang = 'en' | 'zh';

function err(d: Decoded | undefined, lang: Lang): string {
  if (!d) return '';
  const remedy = d.remedy ? ` — ${d.remedy[lang]}` : '';
  return ` [${d.code}: ${d.meaning[lang]}${remedy}]`;
}

const ms = (n: number | null | undefined) => (n === null || n === undefined ? '' : ` (${n} ms)`);

export function describeFact(f: Fact, lang: Lang = 'en'): string {
  switch (f.kind) {
    case 'at.command':
      return `> ${f.command}`;
    case 'at.final':
      return `< ${f.result}${f.info.length ? `  ${f.info.join(' | ')}` : ''}${ms(f.latencyMs)}${f.deferred ? ' …' : ''}${err(f.error, lang)}`;
    case 'at.prompt':
      return `< > (data ${f.declaredLength ?? 'until Ctrl+Z'})`;
    case 'at.data':
      return `> data ${f.sentLength}/${f.declaredLength ?? '?'} bytes${f.cancelled ? (lang === 'zh' ? '（ESC 取消）' : ' (cancelled with ESC)') : ''}`;
    case 'at.data-short':
      if (f.owedBytes === null) return lang === 'zh' ? `模块仍在等待数据（Ctrl+Z 结束，ESC 取消）` : 'the module still waits for data (Ctrl+Z ends it, ESC cancels)';
      return lang === 'zh' ? `模块仍在等待 ${f.owedBytes} 字节数据` : `the module still waits for ${f.owedBytes} bytes of data`;
    case 'at.result':
      return `< ${f.urc}${ms(f.totalMs)}${err(f.error, lang)}`;
    case 'at.urc':
      return `< ${f.text}${err(f.decoded, lang)}`;
    case 'at.stray':
      return `? ${f.text}`;
    case 'at.restart':
      return lang === 'zh' ? '模块重启 (RDY)' : 'module restarted (RDY)';
    case 'at.overflow':
      return lang === 'zh' ? `行过长，丢弃 ${f.droppedBytes} 字节` : `line too long: ${f.droppedBytes} bytes dropped`;
    case 'mqtt.config':
      return `client ${f.client} ${f.option} = ${f.values.join(',')}`;
    case 'mqtt.open':
      return `client ${f.client} open ${f.host}:${f.port} → ${f.ok ? 'ok' : `failed ${f.result ?? ''}`}${ms(f.latencyMs)}${err(f.error, lang)}`;
    case 'mqtt.connect':
      return `client ${f.client} connect "${f.clientId}" → ${f.ok ? 'ok' : `failed ${f.result ?? ''}/${f.returnCode ?? ''}`}${ms(f.latencyMs)}${err(f.error, lang)}`;
    case 'mqtt.subscribe':
      return `client ${f.client} subscribe ${f.topics.map((t) => `${t.topic} q${t.qos}→${t.grantedQos ?? '-'}`).join(', ')}${ms(f.latencyMs)}${err(f.error, lang)}`;
    case 'mqtt.unsubscribe':
      return `client ${f.client} unsubscribe ${f.topics.join(', ')}${ms(f.latencyMs)}${err(f.error, lang)}`;
    case 'mqtt.publish':
      return `client ${f.client} publish ${f.topic} ${f.declaredLength} B${f.truncated ? ` (sent ${f.sentLength}: truncated)` : ''} → ${f.ok ? 'ok' : 'failed'}${ms(f.latencyMs)}${err(f.error, lang)}`;
    case 'mqtt.message':
      return `client ${f.client} message ${f.topic} ${f.payload}`;
    case 'mqtt.stat':
      return `client ${f.client} link state ${f.code}${err(f.meaning, lang)}`;
    case 'mqtt.disconnect':
      return `client ${f.client} ${f.via === 'disc' ? 'disconnect' : 'close'} → ${f.ok ? 'ok' : 'failed'}`;
    case 'mqtt.ping':
      return `client ${f.client} ping result ${f.result}`;
    case 'alink': {
      const dir = f.direction === 'up' ? '↑' : '↓';
      const code = f.code !== null ? ` code ${f.code}` : '';
      const paired = f.pairedLatencyMs !== null ? ` (reply after ${f.pairedLatencyMs} ms)` : '';
      return `${dir} ${f.method ?? f.topic} id=${f.id ?? '-'}${code} ${JSON.stringify(f.params ?? null)}${paired}`;
    }
  }
}
