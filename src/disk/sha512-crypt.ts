import { createHash } from "node:crypto";

const ALPHABET = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
// The byte order in which SHA-crypt spreads the final digest over base-64 characters.
const ORDER = [
  [0, 21, 42],
  [22, 43, 1],
  [44, 2, 23],
  [3, 24, 45],
  [25, 46, 4],
  [47, 5, 26],
  [6, 27, 48],
  [28, 49, 7],
  [50, 8, 29],
  [9, 30, 51],
  [31, 52, 10],
  [53, 11, 32],
  [12, 33, 54],
  [34, 55, 13],
  [56, 14, 35],
  [15, 36, 57],
  [37, 58, 16],
  [59, 17, 38],
  [18, 39, 60],
  [40, 61, 19],
  [62, 20, 41],
];

const sha512 = (...parts: Buffer[]) => {
  const h = createHash("sha512");
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Repeats `digest` to `length` bytes (SHA-crypt's P and S sequences). */
const stretch = (digest: Buffer, length: number) =>
  Buffer.concat(Array.from({ length: Math.ceil(length / 64) }, () => digest)).subarray(0, length);

/**
 * SHA-512 crypt (`$6$salt$…`, the glibc/userconf.txt format), default 5000 rounds. Pure and
 * deterministic for a given salt, so a prepared disk's cache key is stable; the salt uses at most
 * 16 characters of [./0-9A-Za-z].
 */
export function sha512Crypt(password: string, salt: string): string {
  const p = Buffer.from(password, "utf8");
  const s = Buffer.from(salt.slice(0, 16), "utf8");
  const b = sha512(p, s, p);
  const aParts: Buffer[] = [p, s];
  let i: number;
  for (i = p.length; i > 64; i -= 64) aParts.push(b);
  aParts.push(b.subarray(0, i));
  for (i = p.length; i > 0; i >>= 1) aParts.push(i & 1 ? b : p);
  let c = sha512(...aParts);
  const pSeq = stretch(sha512(...Array.from({ length: p.length }, () => p)), p.length);
  const sSeq = stretch(sha512(...Array.from({ length: 16 + c[0] }, () => s)), s.length);
  for (let r = 0; r < 5000; r++) {
    const parts: Buffer[] = [r & 1 ? pSeq : c];
    if (r % 3) parts.push(sSeq);
    if (r % 7) parts.push(pSeq);
    parts.push(r & 1 ? c : pSeq);
    c = sha512(...parts);
  }
  let out = "";
  const put = (w: number, n: number) => {
    for (let k = 0; k < n; k++, w >>= 6) out += ALPHABET[w & 0x3f];
  };
  for (const [x, y, z] of ORDER) put((c[x] << 16) | (c[y] << 8) | c[z], 4);
  put(c[63], 2);
  return `$6$${s.toString("utf8")}$${out}`;
}
