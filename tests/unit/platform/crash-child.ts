// A process that meets an uncaught error after its session learned a DeviceSecret (crash-report.test.ts).
import { installCrashReports } from '../../../electron/platform/crash-report';
import { SecretMasker } from '../../../electron/session/secret-mask';

const [dir, secret, home] = process.argv.slice(2);
const masker = new SecretMasker();
masker.learnFromCommand(`AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${secret}"`);
installCrashReports({ mask: (t) => masker.maskText(t), dir, home });
setTimeout(() => {
  throw new Error(`could not parse ${home}/scripts/ma_MQTT.ini row 16: AT+QMTCFG="aliauth",0,"a1wFylTxYeD","co_0001","${secret}"`);
}, 10);
// Still alive afterwards: the session goes on.
setTimeout(() => process.stdout.write('still running\n'), 200);
