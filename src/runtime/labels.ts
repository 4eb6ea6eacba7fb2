/** Every label rpi puts on what it creates; the only place these names are spelled. */
export const LABELS = {
  project: "io.rpi.project",
  machine: "io.rpi.machine",
  configHash: "io.rpi.config-hash",
  /** JSON of the hashed fields, so a recreate can name what changed. */
  config: "io.rpi.config",
  board: "io.rpi.board",
  sshUser: "io.rpi.ssh-user",
  network: "io.rpi.network",
  /** JSON: the identity key (path, size, mtime, inode) of each file the machine boots from. */
  files: "io.rpi.files",
} as const;
