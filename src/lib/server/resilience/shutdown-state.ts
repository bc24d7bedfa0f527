/** Whether this process has received SIGTERM (new requests are then refused). */
let shuttingDown = false;

export function isShuttingDown(): boolean {
	return shuttingDown;
}

export function markShuttingDown(): void {
	shuttingDown = true;
}
