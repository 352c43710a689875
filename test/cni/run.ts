// Runs a CNI plugin executable the way a runtime does: inside the host namespace (ip netns exec),
// the CNI_* environment, the configuration on stdin; returns status, stdout and parsed JSON.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const OURS = fileURLToPath(new URL('../../bin/netlinkts-cni.js', import.meta.url));
export const REF_DIR = '/usr/lib/cni';

export interface PluginRun { status: number; stdout: string; stderr: string; json: any }

export interface CniEnv {
  command: string; containerId?: string; netns?: string; ifname?: string; args?: string; extra?: Record<string, string>;
  /** argv run in front of the plugin inside the namespace (e.g. setpriv dropping a capability). */
  wrap?: string[];
}

export function runPlugin(plugin: string, hostNs: string, e: CniEnv, conf: object | string): PluginRun {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin', CNI_COMMAND: e.command, CNI_PATH: REF_DIR };
  if (e.containerId !== undefined) env.CNI_CONTAINERID = e.containerId;
  if (e.netns !== undefined) env.CNI_NETNS = e.netns;
  if (e.ifname !== undefined) env.CNI_IFNAME = e.ifname;
  if (e.args !== undefined) env.CNI_ARGS = e.args;
  Object.assign(env, e.extra ?? {});
  const r = spawnSync('ip', ['netns', 'exec', hostNs, ...(e.wrap ?? []), plugin], {
    input: typeof conf === 'string' ? conf : JSON.stringify(conf), env, encoding: 'utf8', timeout: 30000,
  });
  let json: any = null;
  try { json = r.stdout.trim() === '' ? null : JSON.parse(r.stdout); } catch { json = null; }
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json };
}

/** A bridge-plugin style configuration (works for the reference bridge plugin and ours). */
export function bridgeConf(dataDir: string, o: Record<string, unknown> = {}, ipam: Record<string, unknown> = {}): Record<string, any> {
  return {
    cniVersion: '1.0.0', name: 'cnitest', type: 'bridge', bridge: 'cni0', isGateway: true, isDefaultGateway: true, ipMasq: true,
    ...o,
    ipam: { type: 'host-local', ranges: [[{ subnet: '10.88.0.0/24' }]], dataDir, ...ipam },
  };
}
