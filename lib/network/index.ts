// The container network layer: a bridge network driver (BridgeNetwork) with host-local
// compatible IPAM, port mappings, masquerade and isolation in nftables.
export { BridgeNetwork, hostVethName } from './bridge.js';
export type {
  AttachOptions, AttachmentRecord, BridgeNetworkOptions, CniDns, CniInterface, CniIp, CniResult, CniRoute, PortMapping,
} from './types.js';
export { TABLE as NETWORK_NFT_TABLE } from './firewall.js';
export type { NetworkStatus } from './status.js';
