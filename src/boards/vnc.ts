/** QEMU's VNC server listens on 5900 + its display number; a machine's argv asks for display 0 (`-vnc :0`). */
export const VNC_BASE_PORT = 5900;
