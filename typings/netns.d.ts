// native/napi/netns.cc
// eslint-disable-next-line @typescript-eslint/no-unused-vars
import type { NativeSocket, RecordBuffer } from './native.js';

export interface NetnsNative {
}
