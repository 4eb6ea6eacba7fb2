/** Docker names of a project's objects. */
export function containerName(project: string, machine: string): string {
  return `${project}-${machine}`;
}

export function networkName(project: string): string {
  return `${project}_rpi`;
}
