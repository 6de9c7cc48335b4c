// The local Aliyun-compatible hub: a real MQTT broker (aedes) on 127.0.0.1 that behaves like the
// Aliyun IoT cloud towards devices (cloud-protocols.md §0): signed logins, per-device topic rights,
// QoS 1 grants, post → post_reply, property set from a console, and one session per device.
import type { EventEmitter } from 'node:events';
import { createServer, type Server, type Socket } from 'node:net';
import { Aedes, type AuthenticateError, type Client } from 'aedes';
import { verifyAliyunConnect, type AliyunTriplet } from '../cloud/aliyun-sign';
import { deviceMayUse, propertySetTopic, type DeviceRef } from '../cloud/device-topics';
import { postReply, propertySetRequest } from '../cloud/alink-cloud';
import { SEED_DEVICE } from './device-spec';

export type DeviceIdentity = AliyunTriplet;

export interface DeviceMessage {
  productKey: string;
  deviceName: string;
  topic: string;
  /** UTF-8 decoded payload. */
  payload: string;
  /** Milliseconds since the epoch, when the hub received it. */
  t: number;
}

export interface DeviceStatus {
  productKey: string;
  deviceName: string;
  online: boolean;
}

export interface LocalHubOptions {
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Registered devices; by default the seed article's device, so its script works as published. */
  devices?: DeviceIdentity[];
}

const KEEPALIVE_MAX_S = 1200; // §0.8: longer keepalives are accepted but treated as 1200 s
const ALIYUN_GRANTED_QOS = 1; // quectel-at.md Q4: Aliyun grants QoS 1 whatever was asked
/** Publishes a device may not make are routed here, where no device can subscribe: dropped. */
const DROPPED_PREFIX = '$dropped';

const deviceKey = (pk: string, dn: string) => `${pk}/${dn}`;

/**
 * Aliyun ignores the QoS a SUBSCRIBE asks for and grants 1 (cloud-protocols.md §3.5, quectel-at.md Q4).
 * aedes grants what was asked unless refused, and authorizeSubscribe cannot change the SUBACK, so the
 * request is rewritten as it leaves the client's parser (a private field of aedes 1.x; pinned there).
 */
function grantAliyunQos(client: Client): void {
  const parser = (client as unknown as { _parser?: EventEmitter })._parser;
  parser?.prependListener('packet', (packet: { cmd?: string; subscriptions?: { qos: number }[] }) => {
    if (packet.cmd === 'subscribe') for (const sub of packet.subscriptions ?? []) sub.qos = ALIYUN_GRANTED_QOS;
  });
}

export class LocalHub {
  readonly port: number;
  private readonly registry = new Map<string, DeviceIdentity>();
  /** The client currently holding each device's session. */
  private readonly sessions = new Map<string, Client>();
  private readonly deviceOf = new WeakMap<Client, DeviceRef>();
  /** The CONNECT as the device sent it (aedes is given a device-scoped clientId). */
  private readonly loginOf = new WeakMap<Client, { clientId: string; keepalive: number }>();
  private readonly listeners = new Set<(m: DeviceMessage) => void>();
  private readonly sockets = new Set<Socket>();
  private nextAlinkId = 100000001;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly broker: Aedes,
    private readonly server: Server,
    port: number,
  ) {
    this.port = port;
  }

  static async start(opts: LocalHubOptions = {}): Promise<LocalHub> {
    // The clientId carries the signature parameters, far beyond MQTT 3.1's 23 characters.
    const broker = await Aedes.createBroker({ maxClientsIdLength: 256 });
    const server = createServer(broker.handle);
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        reject(
          new Error(
            err.code === 'EADDRINUSE'
              ? `port ${opts.port} on 127.0.0.1 is in use: stop the other broker or pass --port 0 for a free port`
              : `the hub cannot listen on 127.0.0.1:${opts.port ?? 0}: ${err.message}`,
          ),
        );
      });
      server.listen(opts.port ?? 0, '127.0.0.1', () => {
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : 0);
      });
    }).catch(async (err: unknown) => {
      await new Promise<void>((resolve) => broker.close(() => resolve()));
      throw err;
    });
    const hub = new LocalHub(broker, server, port);
    for (const d of opts.devices ?? [SEED_DEVICE]) hub.addDevice(d);
    hub.wire();
    return hub;
  }

  /** Registers (or replaces) a device; its secret stays inside the hub. */
  addDevice(d: DeviceIdentity): void {
    this.registry.set(deviceKey(d.productKey, d.deviceName), { ...d });
  }

  devices(): DeviceStatus[] {
    return [...this.registry.values()].map((d) => ({
      productKey: d.productKey,
      deviceName: d.deviceName,
      online: this.sessions.has(deviceKey(d.productKey, d.deviceName)),
    }));
  }

  /**
   * Sends `thing.service.property.set` to the device, as the Aliyun console's online debug does
   * (QoS 0, like the set in the seed capture). Resolves with the request id.
   */
  async setProperty(productKey: string, deviceName: string, params: Record<string, unknown>): Promise<string> {
    if (!this.registry.has(deviceKey(productKey, deviceName))) {
      throw new Error(`unknown device ${productKey}/${deviceName}: register it with --device ${productKey}:${deviceName}:<secret>`);
    }
    const id = String(this.nextAlinkId++);
    await this.publish(propertySetTopic({ productKey, deviceName }), propertySetRequest(id, params));
    return id;
  }

  /** Publishes as the cloud; bypasses the device topic rules. */
  publish(topic: string, payload: string | Uint8Array, opts: { qos?: 0 | 1 } = {}): Promise<void> {
    const packet = {
      cmd: 'publish' as const,
      topic,
      payload: Buffer.from(payload),
      qos: opts.qos ?? 0,
      retain: false,
      dup: false,
    };
    return new Promise((resolve, reject) =>
      this.broker.publish(packet, (err?: Error) => (err ? reject(new Error(`publish to ${topic} failed: ${err.message}`)) : resolve())),
    );
  }

  onDeviceMessage(listener: (m: DeviceMessage) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      await new Promise<void>((resolve) => this.broker.close(() => resolve()));
      // Connections that never logged in are not the broker's clients: end them too.
      for (const s of this.sockets) s.destroy();
      await new Promise<void>((resolve) => this.server.close(() => resolve()));
    })();
    return this.closing;
  }

  private wire(): void {
    const { broker } = this;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
    });

    broker.preConnect = (client, packet, done) => {
      // Remember what the login check needs; §0.8 caps the keepalive at 1200 s.
      const keepalive = packet.keepalive ?? 0;
      this.loginOf.set(client, { clientId: packet.clientId, keepalive });
      if (keepalive > KEEPALIVE_MAX_S) packet.keepalive = KEEPALIVE_MAX_S;
      // Aliyun scopes a clientId to its device: two devices may both call themselves "clientExample_0".
      // aedes would take that for a second login of one client, so its id carries the username.
      packet.clientId = `${packet.username ?? ''}#${packet.clientId}`;
      grantAliyunQos(client);
      done(null, true);
    };

    broker.authenticate = (client, username, password, done) => {
      const login = this.loginOf.get(client);
      const verdict = verifyAliyunConnect(
        { clientId: login?.clientId ?? '', username, password: password?.toString('utf8'), keepalive: login?.keepalive },
        (pk, dn) => this.registry.get(deviceKey(pk, dn))?.deviceSecret,
      );
      if (!verdict.ok) {
        const err = new Error(verdict.reason) as AuthenticateError;
        err.returnCode = verdict.returnCode as AuthenticateError['returnCode'];
        return done(err, false);
      }
      this.deviceOf.set(client, { productKey: verdict.productKey, deviceName: verdict.deviceName });
      done(null, true);
    };

    broker.on('clientReady', (client) => {
      const device = this.deviceOf.get(client);
      if (!device) return;
      const key = deviceKey(device.productKey, device.deviceName);
      const older = this.sessions.get(key);
      this.sessions.set(key, client);
      // §1.1: a second login with the same triple forces the first one offline.
      if (older && older !== client && !older.closed) older.close();
    });

    broker.on('clientDisconnect', (client) => {
      const device = this.deviceOf.get(client);
      if (!device) return;
      const key = deviceKey(device.productKey, device.deviceName);
      if (this.sessions.get(key) === client) this.sessions.delete(key);
    });

    broker.authorizeSubscribe = (client, sub, done) => {
      const device = this.deviceOf.get(client);
      if (!device || !deviceMayUse(device, sub.topic)) return done(null, null); // SUBACK 0x80
      done(null, sub);
    };

    broker.authorizePublish = (client, packet, done) => {
      const device = client ? this.deviceOf.get(client) : undefined;
      if (device && !deviceMayUse(device, packet.topic)) {
        // MQTT 3.1.1 has no way to refuse a PUBLISH: the cloud acknowledges and drops it.
        packet.topic = `${DROPPED_PREFIX}/${packet.topic}`;
      }
      packet.retain = false; // the cloud keeps no retained messages (§3.5)
      done(null);
    };

    broker.on('publish', (packet, client) => {
      const device = client ? this.deviceOf.get(client) : undefined;
      if (!device || packet.topic.startsWith('$')) return;
      const payload = Buffer.from(packet.payload).toString('utf8');
      const message: DeviceMessage = { ...device, topic: packet.topic, payload, t: Date.now() };
      for (const listener of this.listeners) listener(message);
      const reply = postReply(packet.topic, payload);
      if (reply) this.publish(reply.topic, reply.payload).catch(() => undefined);
    });
  }
}
