// How long the virtual EC600S takes. 'realistic' follows quectel-at.md §4 "Suggested simulator
// latencies" (and the seed capture); 'fast' answers at once so tests spend no time waiting.

export interface TimingProfile {
  /** Power-on to RDY. */
  bootMs: number;
  /** Between the boot URCs after RDY (+CFUN, +CPIN, +QUSIM, +QIND). */
  bootUrcGapMs: number;
  /** Local commands (AT, ATI, AT+CSQ, AT+QMTCFG...): 20–100 ms. */
  localMs: readonly [number, number];
  /** Blocking PDP commands (AT+QIACT, AT+QIDEACT, AT+CGACT): 0.5–3 s, nothing else is accepted meanwhile. */
  pdpMs: readonly [number, number];
  /** Extra delay of a deferred MQTT URC after the network event it reports: 100–800 ms. */
  mqttUrcMs: readonly [number, number];
  /** Last payload byte of AT+QMTPUBEX to its OK (90 ms in the seed capture); surplus input is dropped meanwhile. */
  publishMs: number;
}

export const TIMING: Record<'realistic' | 'fast', TimingProfile> = {
  realistic: {
    bootMs: 2000,
    bootUrcGapMs: 150,
    localMs: [20, 100],
    pdpMs: [500, 2000],
    mqttUrcMs: [100, 800],
    publishMs: 90,
  },
  fast: {
    bootMs: 0,
    bootUrcGapMs: 0,
    localMs: [0, 0],
    pdpMs: [0, 0],
    mqttUrcMs: [0, 0],
    publishMs: 1,
  },
};
