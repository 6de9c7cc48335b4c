import { describe, expect, it } from 'vitest';
import { postReply, propertySetRequest } from '../../../electron/cloud/alink-cloud';
import { deviceMayUse } from '../../../electron/cloud/device-topics';

const POST = '/sys/a1wFylTxYeD/co_0001/thing/event/property/post';

describe('postReply', () => {
  it('answers a property post as the BC26 guide shows, with the same id', () => {
    const reply = postReply(POST, '{"method":"thing.event.property.post","id":"1142523359","params":{"PowerSwitch_1":0},"version":"1.0.0"}');
    expect(reply).toEqual({
      topic: `${POST}_reply`,
      payload: '{"code":200,"data":{},"id":"1142523359","message":"success","method":"thing.event.property.post","version":"1.0"}',
    });
  });

  it('answers an event post with the event method', () => {
    const reply = postReply('/sys/pk/dn/thing/event/Error/post', '{"id":"7","params":{"value":{}}}');
    expect(reply?.topic).toBe('/sys/pk/dn/thing/event/Error/post_reply');
    expect(JSON.parse(reply!.payload)).toMatchObject({ id: '7', method: 'thing.event.Error.post', code: 200 });
  });

  it('stays silent when the device asks for no reply, the payload is not JSON, or the topic is no post', () => {
    expect(postReply(POST, '{"id":"1","sys":{"ack":0},"params":{}}')).toBeNull();
    expect(postReply(POST, 'not json')).toBeNull();
    expect(postReply(POST, '{"params":{}}')).toBeNull();
    expect(postReply('/sys/pk/dn/thing/service/property/set_reply', '{"id":"1"}')).toBeNull();
  });
});

it('propertySetRequest has the shape of the seed capture', () => {
  expect(propertySetRequest('220958108', { PowerSwitch_1: 1 })).toBe(
    '{"method":"thing.service.property.set","id":"220958108","params":{"PowerSwitch_1":1},"version":"1.0.0"}',
  );
});

it('deviceMayUse allows a device only its own topics', () => {
  const d = { productKey: 'pk', deviceName: 'dn' };
  expect(deviceMayUse(d, '/sys/pk/dn/thing/event/property/post')).toBe(true);
  expect(deviceMayUse(d, '/sys/pk/dn/#')).toBe(true);
  expect(deviceMayUse(d, '/pk/dn/user/get')).toBe(true);
  expect(deviceMayUse(d, '/sys/pk/other/thing/event/property/post')).toBe(false);
  expect(deviceMayUse(d, '/sys/+/dn/thing/service/property/set')).toBe(false);
  expect(deviceMayUse(d, '/pk/dn/other')).toBe(false);
  expect(deviceMayUse(d, '#')).toBe(false);
  expect(deviceMayUse(d, '/sys/pk/dn/')).toBe(false);
});
