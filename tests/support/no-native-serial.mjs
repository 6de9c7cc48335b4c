// Loaded with --import before a child process starts: serialport cannot be loaded, as when its
// native binding does not match the runtime (reliability-checklist A13).
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === 'serialport' || specifier === '@serialport/bindings-cpp') {
    throw new Error('No native build was found for platform=linux arch=x64 runtime=electron abi=140');
  }
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
