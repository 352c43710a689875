// The npm `netlink` package (the existing Node option). It is not a dependency of this project
// yet: until it is installed (as a devDependency) and a driver is written for it, every
// workload reports why it was skipped. run.mjs checks installation before making a namespace.
import { createRequire } from 'node:module';
import { Skip } from '../lib/skip.mjs';

const require = createRequire(import.meta.url);

/** Why this contender cannot run (checked by run.mjs before it makes a namespace). */
export function unavailable() {
  try {
    require.resolve('netlink');
  } catch {
    return 'not installed';
  }
  return 'installed, but no driver written for it yet';
}

const skip = async () => {
  throw new Skip(unavailable());
};
export const driver = { W1: skip, W2: skip, W3: skip, W4: skip, W5: skip, W6: skip };
