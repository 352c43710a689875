#!/usr/bin/env node
// The CNI plugin executable (package.json "bin"). Copy or symlink it into a CNI_PATH directory as
// "netlinkts-cni". The code lives in dist/cni/bin.js (compiled from lib/cni/bin.ts).
import '../dist/cni/bin.js';
