// A Link whose module output the test writes itself (as fast as it likes) and whose writes it reads.
import type { Link } from '../../electron/link/types';
import { latin1Decode, utf8Encode } from '../../shared/bytes';

export function fakeLink(name = 'fake'): { link: Link; emit: (text: string) => void; written: string[] } {
  const listeners = new Set<(chunk: Uint8Array) => void>();
  const written: string[] = [];
  const link: Link = {
    name,
    write: async (bytes) => void written.push(latin1Decode(bytes)),
    close: async () => {},
    setSignals: async () => {},
    getLines: async () => null,
    onData: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    onClose: () => () => {},
  };
  return { link, emit: (text) => listeners.forEach((l) => l(utf8Encode(text))), written };
}
