/** Types of `containers.mjs` (a plain script, also imported by the unit tests). */
export declare function pngSize(png: Buffer): { width: number; height: number };
export declare function encodeIco(pngs: readonly Buffer[]): Buffer;
export declare const ICNS_TYPES: ReadonlyArray<{ readonly type: string; readonly pixels: number }>;
export declare function encodeIcns(pngBySize: ReadonlyMap<number, Buffer>): Buffer;
export declare function readIcns(icns: Buffer): Array<{ type: string; width: number; height: number }>;
export declare function readIco(ico: Buffer): number[];
