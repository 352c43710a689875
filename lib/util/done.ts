// The one settled promise the synchronous fast paths hand back (route and address add/delete of
// the plain IPv4 shapes). The request has completed before the call returns, so there is nothing
// to wait for: returning a promise made once costs the caller's `await` one microtask and no
// allocation, where an async function allocates a promise (and its resolution machinery) per
// call — measured in bench/README "Single operations". Every caller gets the same object; its
// value is undefined and it can never be rejected (a property set on it by a caller would be
// seen by every other caller; not frozen, as a frozen promise leaves V8's fast await path).
export const DONE: Promise<void> = Promise.resolve();
