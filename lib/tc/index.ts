// Traffic control (tc): qdiscs, classes, filters with actions, and the CNI-style bandwidth helper.
export { addQdisc, replaceQdisc, changeQdisc, deleteQdisc, listQdiscs, qdiscRecord, qdiscDeleteRecord, toQdisc } from './qdisc.js';
export { addClass, replaceClass, changeClass, deleteClass, listClasses, classRecord, classDeleteRecord, toClass } from './class.js';
export { addFilter, replaceFilter, deleteFilter, listFilters, filterRecord, filterDeleteRecord, toFilter } from './filter.js';
export { setBandwidth, clearBandwidth } from './bandwidth.js';
export { encodeRequest, Verb } from './request.js';
export type * from './types.js';
export type { TcHandle } from './handles.js';
