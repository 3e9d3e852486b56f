// Checks the compose file offline: valid YAML, every service has an image or a build whose
// Dockerfile exists, depends_on names real services, and ports are "host:container" strings.
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import YAML from 'yaml';

const file = resolve(process.argv[2]);
const dir = dirname(file);
const failures = [];
const doc = YAML.parse(readFileSync(file, 'utf8'));
const services = doc?.services ?? {};
if (Object.keys(services).length === 0) failures.push('no services');
for (const [name, service] of Object.entries(services)) {
  if (!service.image && !service.build) failures.push(`${name}: neither image nor build`);
  if (service.build) {
    const context = join(dir, service.build.context ?? '.');
    const dockerfile = join(context, service.build.dockerfile ?? 'Dockerfile');
    if (!existsSync(dockerfile)) failures.push(`${name}: ${dockerfile} does not exist`);
  }
  for (const dependency of Object.keys(service.depends_on ?? {})) {
    if (!services[dependency]) failures.push(`${name}: depends_on unknown service ${dependency}`);
  }
  for (const port of service.ports ?? []) {
    if (!/^\d+:\d+$/.test(String(port))) failures.push(`${name}: port ${port} is not "host:container"`);
  }
}
for (const volume of Object.values(services).flatMap((s) => s.volumes ?? [])) {
  const named = String(volume).split(':')[0];
  if (!named.startsWith('.') && !named.startsWith('/') && !(named in (doc.volumes ?? {}))) {
    failures.push(`volume ${named} is not declared`);
  }
}
if (failures.length) {
  console.error(failures.map((f) => `${file}: ${f}`).join('\n'));
  process.exit(1);
}
console.log(`compose: ${Object.keys(services).length} services valid`);
