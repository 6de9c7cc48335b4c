// What the virtual EC600S remembers outside MQTT: AT settings (lost on reboot), radio and SIM, PDP
// contexts, and the few things the module keeps in NV across power cycles (quectel-at.md §3.1–§3.4).

export interface PdpProfile {
  /** 1 IPv4, 2 IPv6, 3 IPv4v6. */
  contextType: number;
  apn: string;
  username: string;
  password: string;
  /** 0 none, 1 PAP, 2 CHAP. */
  authentication: number;
}

export interface PdpDefinition {
  pdpType: string;
  apn: string;
}

/** [ATM] Table 2 factory values of the S-registers the simulator knows. */
const FACTORY_S_REGISTERS: ReadonlyArray<[number, number]> = [
  [0, 0],
  [3, 13],
  [4, 10],
  [5, 8],
  [6, 2],
  [7, 0],
  [8, 2],
  [10, 15],
];

export class ModemState {
  // Settings restored by AT&F / ATZ and by every boot ([ATM] Table 7).
  echo = true;
  verbose = true;
  quiet = false;
  cmee = 1;
  sRegisters = new Map(FACTORY_S_REGISTERS);
  cregMode = 0;
  cgregMode = 0;
  ceregMode = 0;
  /** AT+CFUN: 1 full, 0 minimum, 4 flight mode. */
  cfun = 1;
  /** AT+CMGF: 0 PDU mode (factory), 1 text mode. */
  cmgf = 0;
  /** <mr> of the last SMS sent (AT+CMGS), 0–255. */
  smsReference = 0;
  /** Active PDP contexts (AT+QIACT / AT+CGACT) and their addresses. */
  readonly activeContexts = new Map<number, string>();

  // Kept in NV across reboots.
  baudRate = 115200;
  /** AT+QURCCFG="urcport": this port is the USB AT port, so URCs arrive while it is "usbat". */
  urcPort = 'usbat';
  /** AT+QICSGP; context 1 holds what the seed module had saved ("CMNET", PAP). */
  readonly pdpProfiles = new Map<number, PdpProfile>([[1, { contextType: 1, apn: 'CMNET', username: '', password: '', authentication: 1 }]]);
  /** AT+CGDCONT. */
  readonly pdpDefinitions = new Map<number, PdpDefinition>([[1, { pdpType: 'IP', apn: 'CMNET' }]]);

  /** Registered on the network (CREG/CGREG/CEREG stat 1) only with the radio on. */
  get registered(): boolean {
    return this.cfun === 1;
  }

  /** What a reboot (or AT&F) puts back to factory values. */
  restoreFactorySettings(): void {
    this.echo = true;
    this.verbose = true;
    this.quiet = false;
    this.cmee = 1;
    this.sRegisters = new Map(FACTORY_S_REGISTERS);
    this.cregMode = 0;
    this.cgregMode = 0;
    this.ceregMode = 0;
    this.cmgf = 0;
  }

  powerCycle(): void {
    this.restoreFactorySettings();
    this.cfun = 1;
    this.activeContexts.clear();
  }

  /** The address the network hands a context when it is activated. */
  static addressFor(contextId: number): string {
    return contextId === 1 ? '10.189.73.246' : `10.189.${73 + contextId}.${200 + contextId}`;
  }
}
