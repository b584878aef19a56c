/** The few functions of npm's own `semver` (installed with npm's tooling; no @types package here). */
declare module 'semver' {
  interface SemVer {
    version: string;
    major: number;
    minor: number;
  }
  const semver: {
    satisfies(version: string, range: string): boolean;
    minVersion(range: string): SemVer | null;
    parse(version: string): SemVer | null;
  };
  export default semver;
}
