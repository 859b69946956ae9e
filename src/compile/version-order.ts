// # Version ordering (fallback)
//
// Elasticsearch `version` fields order semantic versions: numeric parts numerically, a pre-release
// (`-SNAPSHOT`, `-alpha.1`) before its release, build metadata ignored; values that are not valid versions
// sort after all valid ones, among themselves by their text.

const SEMVER = /^(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/;

function cmpNum(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, "");
  const y = b.replace(/^0+(?=\d)/, "");
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function cmpPre(a: string, b: string): number {
  const pa = a.split(".");
  const pb = b.split(".");
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i]!;
    const y = pb[i]!;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    const c = xn && yn ? cmpNum(x, y) : xn ? -1 : yn ? 1 : x < y ? -1 : x > y ? 1 : 0;
    if (c !== 0) return c;
  }
  return pa.length - pb.length < 0 ? -1 : pa.length === pb.length ? 0 : 1;
}

export function compareVersionStrings(a: string, b: string): number {
  const ma = SEMVER.exec(a);
  const mb = SEMVER.exec(b);
  if (ma === null || mb === null) {
    if (ma !== null) return -1;
    if (mb !== null) return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  const na = ma[1]!.split(".");
  const nb = mb[1]!.split(".");
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const c = cmpNum(na[i] ?? "0", nb[i] ?? "0");
    if (c !== 0) return c;
  }
  const pa = ma[2];
  const pb = mb[2];
  if (pa === undefined || pb === undefined) return pa === pb ? 0 : pa === undefined ? 1 : -1;
  return cmpPre(pa, pb);
}
