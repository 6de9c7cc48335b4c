// What serialport says when an open fails, per OS, and what the user is told to do about it.
// (The integration test covers NOT_FOUND and BUSY on a real pty; as root, EACCES cannot be made.)
import { describe, expect, it } from 'vitest';
import { describeOpenError } from '../../../electron/link/serial-link';

describe('describeOpenError', () => {
  it.each([
    ['linux', 'Error: Permission denied, cannot open /dev/ttyUSB2', 'FORBIDDEN', 'permission denied on /dev/ttyUSB2: on Linux add yourself to the dialout group (sudo usermod -aG dialout $USER, then log in again)'],
    ['linux', 'Error Resource temporarily unavailable Cannot lock port', 'BUSY', '/dev/ttyUSB2 is in use by another program: close QCOM or the other terminal'],
    ['darwin', 'Error: Resource busy, cannot open /dev/ttyUSB2', 'BUSY', '/dev/ttyUSB2 is in use by another program: close QCOM or the other terminal'],
    ['win32', 'Opening COM7: Access denied', 'BUSY', '/dev/ttyUSB2 is in use by another program: close QCOM or the other terminal'],
    ['win32', 'Opening COM7: File not found', 'NOT_FOUND', '/dev/ttyUSB2 does not exist: is the module plugged in?'],
    ['linux', 'Error: No such file or directory, cannot open /dev/ttyUSB2', 'NOT_FOUND', '/dev/ttyUSB2 does not exist: is the module plugged in?'],
  ])('%s: "%s" → %s', (platform, detail, code, message) => {
    const err = describeOpenError('/dev/ttyUSB2', detail, platform);
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
    expect(err.text.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(err.detail).toBe(detail);
  });

  it('explains a device that refuses serial settings, and passes anything else through', () => {
    const ioctl = describeOpenError('/tmp/fifo', 'Error: Inappropriate ioctl for device setting custom baud rate of 115200', 'linux');
    expect(ioctl.code).toBe('OPEN_FAILED');
    expect(ioctl.message).toMatch(/^cannot open \/tmp\/fifo: it refused the serial settings .*is it a serial port, and does it support this baud rate\?$/);
    expect(describeOpenError('/dev/x', 'Error: something odd', 'linux').message).toBe('cannot open /dev/x: Error: something odd');
  });
});
