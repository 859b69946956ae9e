// # IP addresses and CIDR blocks (cidrMatch)
//
// Mirrors Elasticsearch's CIDRUtils: an address or block is parsed the strict way Elasticsearch's
// InetAddresses does (dotted-quad IPv4 without leading zeros, RFC 4291 IPv6; an IPv4-mapped IPv6 address
// *is* its IPv4 address, as Java's InetAddress makes it), a block `addr/len` spans the addresses sharing its
// first `len` bits, a bare address is a block of one, and IPv4 values are compared with IPv6 blocks through
// the `::ffff:0:0/96` mapping. Parsing uses ipaddr.js; its lenient IPv4 forms ("10.1", octal, hex) are
// refused as Elasticsearch refuses them.

import ipaddr from "ipaddr.js";
import { PatternError } from "./functions/pattern-error.js";

/** An address as Java holds it: 4 bytes (IPv4, including IPv4-mapped IPv6) or 16 bytes (IPv6). */
export type IpBytes = readonly number[];

/** A block as an inclusive range of 16-byte (IPv4-mapped) addresses. */
export interface CidrRange {
  readonly lower: IpBytes;
  readonly upper: IpBytes;
}

/** Parse an address; null when Elasticsearch would reject it. */
export function parseIpAddress(text: string): IpBytes | null {
  if (text.includes(":")) {
    if (text.includes("%") || !ipaddr.IPv6.isValid(text)) return null;
    const v6 = ipaddr.IPv6.parse(text);
    if (!validEmbeddedIpv4(text)) return null;
    return v6.isIPv4MappedAddress() ? v6.toIPv4Address().toByteArray() : v6.toByteArray();
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return null;
  return ipaddr.IPv4.parse(text).toByteArray();
}

/**
 * The text Elasticsearch shows for an `ip` value (its doc value, `string(ip)`, join keys): dotted quad for
 * IPv4 and IPv4-mapped IPv6, RFC 5952 (lower-case, longest zero run compressed) for IPv6; null if invalid.
 */
export function canonicalIp(text: string): string | null {
  const bytes = parseIpAddress(text);
  if (bytes === null) return null;
  return bytes.length === 4 ? bytes.join(".") : ipaddr.fromByteArray([...bytes]).toString();
}

/** A dotted IPv4 tail inside an IPv6 text ("::ffff:1.2.3.4") must itself be a strict dotted quad. */
function validEmbeddedIpv4(text: string): boolean {
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  return !tail.includes(".") || ipaddr.IPv4.isValidFourPartDecimal(tail);
}

/** The 16-byte form: IPv4 goes to `::ffff:a.b.c.d` (Lucene's encoding) so both families compare. */
export function toSixteenBytes(bytes: IpBytes): IpBytes {
  return bytes.length === 16 ? bytes : [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 255, 255, ...bytes];
}

function compareBytes(a: IpBytes, b: IpBytes): number {
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    if (d !== 0) return d;
  }
  return 0;
}

/** Parse a cidrMatch argument: `addr/len` or a bare address. Throws PatternError as Elasticsearch errors. */
export function parseCidrRange(text: string): CidrRange {
  const slash = text.indexOf("/");
  const addressText = slash < 0 ? text : text.slice(0, slash);
  const address = parseIpAddress(addressText);
  if (address === null) throw new PatternError(`'${addressText}' is not an IP string literal.`, 0);
  if (slash < 0) {
    const both = toSixteenBytes(address);
    return { lower: both, upper: both };
  }
  const lenText = text.slice(slash + 1);
  const bits = address.length * 8;
  if (!/^[+-]?[0-9]+$/.test(lenText)) {
    throw new PatternError(`Expected [ip/prefix] but was [${text}]`, slash + 1);
  }
  const prefix = Number(lenText);
  if (prefix < 0 || prefix > bits) {
    throw new PatternError(`illegal prefixLength '${prefix}'. Must be 0-32 for IPv4 ranges, 0-128 for IPv6 ranges`, slash + 1);
  }
  const lower = [...address];
  const upper = [...address];
  for (let i = prefix; i < bits; i++) {
    const mask = 1 << (7 - (i & 7));
    lower[i >> 3] = (lower[i >> 3] as number) & ~mask & 0xff;
    upper[i >> 3] = (upper[i >> 3] as number) | mask;
  }
  return { lower: toSixteenBytes(lower), upper: toSixteenBytes(upper) };
}

/** Whether an address (as parsed by parseIpAddress) lies in a block. */
export function inRange(address: IpBytes, range: CidrRange): boolean {
  const a = toSixteenBytes(address);
  return compareBytes(range.lower, a) <= 0 && compareBytes(range.upper, a) >= 0;
}

/**
 * Compile cidrMatch's constant blocks (null entries are skipped, as Elasticsearch does). The matcher returns
 * null for a value that is not an IP address: Elasticsearch never indexes such a value in an `ip` field, so
 * it behaves like a missing value. Throws PatternError (with the argument index in the message) on a bad block.
 */
export function compileCidrMatcher(blocks: readonly (string | null)[]): (value: string) => boolean | null {
  const ranges: CidrRange[] = [];
  blocks.forEach((block) => {
    if (block !== null) ranges.push(parseCidrRange(block));
  });
  return (value) => {
    const a = sixteenBytesOf(value);
    if (a === null) return null;
    for (let i = 0; i < ranges.length; i++) {
      const r = ranges[i]!;
      if (compareBytes(r.lower, a) <= 0 && compareBytes(r.upper, a) >= 0) return true;
    }
    return false;
  };
}

/**
 * The 16-byte form of an address text (null if invalid), remembering the last text: the cidrMatch tests of
 * many rules ask about the same destination/source address of an event one after the other.
 */
function sixteenBytesOf(text: string): IpBytes | null {
  if (text === lastAddressText) return lastAddressBytes;
  const address = parseIpAddress(text);
  const bytes = address === null ? null : toSixteenBytes(address);
  lastAddressText = text;
  lastAddressBytes = bytes;
  return bytes;
}

let lastAddressText: string | null = null;
let lastAddressBytes: IpBytes | null = null;
