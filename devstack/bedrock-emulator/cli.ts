// `npm run emulator [--port N]`: runs the Bedrock emulator alone and prints the environment
// lines that point the AWS SDK (and any other Bedrock client) at it.
import { parseArgs } from 'node:util';
import { startEmulator, DEFAULT_PORT, type FaultRule } from './server';
import { EXAMPLE_KEY_PAIR } from './keys';

const USAGE = `Usage: npm run emulator -- [options]
  --port N                 listen port (default ${DEFAULT_PORT}; 0 = any free port)
  --host H                 listen address (default 127.0.0.1)
  --stream-delay MS        delay between stream events (default 15)
  --latency MS             latency added to every AWS answer (default 0)
  --provisioning-delay MS  time a provisioned throughput stays Creating (default 2000)
  --faults JSON            fault rules for the whole run, e.g. '[{"kind":"throttling","count":2}]'
  --region-without-bedrock error|drop   answer for regions without Bedrock (default error)
  --quiet                  no request log
Environment (read only by the emulator): BEDROCK_EMULATOR_FAULTS (JSON rules), BEDROCK_EMULATOR_STREAM_DELAY_MS.`;

function num(value: string | undefined, name: string): number | undefined {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n) || n < 0) {
		console.error(`--${name} needs a number >= 0, got '${value}'\n\n${USAGE}`);
		process.exit(2);
	}
	return n;
}

function faultsFrom(json: string | undefined, source: string): FaultRule[] | undefined {
	if (!json) return undefined;
	try {
		const value = JSON.parse(json) as unknown;
		return (Array.isArray(value) ? value : [value]) as FaultRule[];
	} catch {
		console.error(`${source} is not valid JSON: ${json}`);
		process.exit(2);
	}
}

const { values } = parseArgs({
	options: {
		port: { type: 'string' },
		host: { type: 'string' },
		'stream-delay': { type: 'string' },
		latency: { type: 'string' },
		'provisioning-delay': { type: 'string' },
		faults: { type: 'string' },
		'region-without-bedrock': { type: 'string' },
		quiet: { type: 'boolean' },
		help: { type: 'boolean', short: 'h' }
	}
});
if (values.help) {
	console.log(USAGE);
	process.exit(0);
}

const port = num(values.port, 'port') ?? DEFAULT_PORT;
const regionMode = values['region-without-bedrock'];
if (regionMode !== undefined && regionMode !== 'error' && regionMode !== 'drop') {
	console.error(`--region-without-bedrock must be 'error' or 'drop'`);
	process.exit(2);
}

try {
	const emulator = await startEmulator({
		port,
		host: values.host,
		streamChunkDelayMs: num(
			values['stream-delay'] ?? process.env.BEDROCK_EMULATOR_STREAM_DELAY_MS,
			'stream-delay'
		),
		latencyMs: num(values.latency, 'latency'),
		provisioningDelayMs: num(values['provisioning-delay'], 'provisioning-delay'),
		faults:
			faultsFrom(values.faults, '--faults') ??
			faultsFrom(process.env.BEDROCK_EMULATOR_FAULTS, 'BEDROCK_EMULATOR_FAULTS'),
		regionWithoutBedrock: regionMode as 'error' | 'drop' | undefined,
		quiet: values.quiet
	});
	console.log(`Bedrock emulator listening on ${emulator.url} (HTTP/1.1 and h2c)`);
	console.log('Point AWS clients at it with:');
	console.log(`AWS_ENDPOINT_URL_BEDROCK=${emulator.url}`);
	console.log(`AWS_ENDPOINT_URL_BEDROCK_RUNTIME=${emulator.url}`);
	console.log(`AWS_ENDPOINT_URL_STS=${emulator.url}`);
	console.log(
		`Accepted key: ${EXAMPLE_KEY_PAIR.accessKeyId} (AWS documentation example pair). Control surface: ` +
			`${emulator.url}/__emulator/`
	);

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`\n${signal}: stopping the Bedrock emulator`);
		emulator.close().then(() => process.exit(0));
		setTimeout(() => process.exit(0), 2000).unref();
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
} catch (err) {
	if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
		console.error(
			`Port ${port} is already in use: another emulator (or program) is listening there. Stop it or pass --port N.`
		);
		process.exit(1);
	}
	throw err;
}
