// Validates every manifest under a directory against the Kubernetes schemas (kubernetes-models),
// offline, and checks that each kustomization lists exactly the manifests beside it.
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, dirname, resolve, basename } from 'node:path';
import YAML from 'yaml';

const root = resolve(process.argv[2] ?? '.');
const failures = [];
let checked = 0;

function yamlFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(name) ? [path] : [];
  });
}

async function validate(file, doc) {
  const { apiVersion, kind } = doc;
  if (!apiVersion || !kind) {
    failures.push(`${file}: a document without apiVersion/kind`);
    return;
  }
  if (kind === 'Kustomization') {
    const dir = dirname(file);
    for (const resource of doc.resources ?? []) {
      if (!existsSync(join(dir, resource))) failures.push(`${file}: resource ${resource} does not exist`);
    }
    const listed = new Set((doc.resources ?? []).map((r) => basename(r)));
    for (const sibling of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && n !== basename(file))) {
      if (!listed.has(sibling)) failures.push(`${file}: ${sibling} is not listed in resources`);
    }
    checked++;
    return;
  }
  let models;
  try {
    models = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    failures.push(`${file}: unknown apiVersion ${apiVersion}`);
    return;
  }
  const Model = models[kind];
  if (!Model) {
    failures.push(`${file}: unknown kind ${kind} in ${apiVersion}`);
    return;
  }
  try {
    new Model(doc).validate();
    checked++;
  } catch (e) {
    failures.push(`${file}: ${kind} ${doc.metadata?.name}: ${e.message}`);
  }
}

for (const file of yamlFiles(root)) {
  for (const parsed of YAML.parseAllDocuments(readFileSync(file, 'utf8'))) {
    if (parsed.errors.length) {
      failures.push(`${file}: ${parsed.errors[0].message}`);
      continue;
    }
    const doc = parsed.toJS();
    if (doc) await validate(file, doc);
  }
}

if (failures.length) {
  console.error(failures.join('\n'));
  console.error(`k8s: ${failures.length} problem(s)`);
  process.exit(1);
}
console.log(`k8s: ${checked} manifests valid`);
