import { createHash } from "node:crypto";

/**
 * A stable MAC for a machine: the first six bytes of sha256("<project>/<machine>"), made
 * locally administered (bit 1 set) and unicast (bit 0 clear), so it never clashes with a vendor's
 * and stays the same across recreates (the guest's DHCP lease and udev names stay put).
 */
export function machineMac(project: string, machine: string): string {
  const bytes = createHash("sha256").update(`${project}/${machine}`).digest().subarray(0, 6);
  bytes[0] = (bytes[0] | 0x02) & 0xfe;
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(":");
}
