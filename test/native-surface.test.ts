// The addon's real exports must match what typings/ declares (via NATIVE_EXPORTS).
import { describe, expect, it } from 'vitest';
import { NATIVE_EXPORTS, native } from '../lib/native.js';

describe('native surface', () => {
  it('exports exactly the declared entry points', () => {
    expect(Object.keys(native).sort()).toEqual(Object.keys(NATIVE_EXPORTS).sort());
  });
  it('exports a schema for every record the lib decodes', () => {
    for (const s of ['link', 'linkstats', 'linkinfo', 'rawattr']) expect(native.schemas[s]).toBeDefined();
  });
});
