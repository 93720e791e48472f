import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1/Deployment';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Secret } from 'kubernetes-models/v1/Secret';
import { Service } from 'kubernetes-models/v1/Service';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '../../src/config.ts';

const DIR = 'deploy/kubernetes';

// Constructed with what the YAML holds; validate() checks it against the Kubernetes OpenAPI schema.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/Namespace': Namespace,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'v1/Service': Service,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim,
  'apps/v1/Deployment': Deployment,
  'apps/v1/StatefulSet': StatefulSet,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
};

interface Manifest {
  file: string;
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  [field: string]: unknown;
}

function documentsIn(file: string): Manifest[] {
  const documents = parseAllDocuments(readFileSync(join(DIR, file), 'utf8'));
  if (!Array.isArray(documents)) return [];
  return documents.map((document) => {
    expect(document.errors, `${file}: YAML errors`).toEqual([]);
    return { ...(document.toJS() as object), file } as Manifest;
  });
}

const files = readdirSync(DIR).filter((file) => file.endsWith('.yaml'));
const manifests = files.filter((file) => file !== 'kustomization.yaml').flatMap(documentsIn);
const kustomization = documentsIn('kustomization.yaml')[0] as Manifest & { resources: string[]; namespace: string };

function find<T>(Model: new (data: never) => T, kind: string, name: string, file?: string): T {
  const manifest = manifests.find((candidate) => candidate.kind === kind && candidate.metadata.name === name && (!file || candidate.file === file));
  if (!manifest) throw new Error(`no ${kind} ${name}${file ? ` in ${file}` : ''}`);
  return new Model(manifest as never);
}

const configMap = find(ConfigMap, 'ConfigMap', 'study-bot-config');
const secret = find(Secret, 'Secret', 'study-bot-secrets');
const bot = find(Deployment, 'Deployment', 'study-bot');
const botPod = bot.spec?.template.spec;
const botContainer = botPod?.containers[0];

/** The container port a probe or Service means, whether named or numbered. */
function containerPort(port: number | string | undefined, ports = botContainer?.ports ?? []): number | undefined {
  return typeof port === 'number' ? port : ports.find((candidate) => candidate.name === port)?.containerPort;
}

describe('Kubernetes manifests', () => {
  it.each(manifests.map((manifest) => [`${manifest.file}: ${manifest.kind} ${manifest.metadata.name}`, manifest] as const))(
    'GIVEN %s THEN it validates against the Kubernetes schema',
    (_label, manifest) => {
      const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
      expect(Model, `no model for ${manifest.apiVersion} ${manifest.kind}`).toBeDefined();
      const { file: _file, ...object } = manifest;
      expect(() => new Model!(object as never).validate()).not.toThrow();
    },
  );

  it('GIVEN the kustomization THEN every resource exists and the default set is everything but the template and the alternative', () => {
    expect(kustomization.kind).toBe('Kustomization');
    for (const resource of kustomization.resources) expect(existsSync(join(DIR, resource)), resource).toBe(true);
    const expected = files.filter((file) => !['kustomization.yaml', 'secret.example.yaml', 'discord-sharded-statefulset.yaml'].includes(file));
    expect([...kustomization.resources].sort()).toEqual(expected.sort());
    expect(find(Namespace, 'Namespace', kustomization.namespace).metadata?.name).toBe(kustomization.namespace);
  });

  it('GIVEN the config map THEN the bot itself accepts it, and it holds no secrets', () => {
    const data = configMap.data ?? {};
    expect(() => loadConfig(data)).not.toThrow();
    expect(loadConfig(data).STORE_URL).toMatch(/^redis:\/\//);
    expect(Object.keys(data).filter((key) => /TOKEN|SECRET/.test(key))).toEqual([]);
  });

  it('GIVEN the config map and secret template THEN every key is a variable from .env.example', () => {
    const known = new Set([...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1]));
    for (const key of [...Object.keys(configMap.data ?? {}), ...Object.keys(secret.stringData ?? {})]) expect(known, key).toContain(key);
  });

  it('GIVEN the bot Deployment THEN probes hit /healthz and /readyz on the port the container exposes, which is PORT', () => {
    expect(bot.spec?.replicas).toBe(2);
    const port = Number(configMap.data?.PORT);
    expect(port).toBe(3000);
    expect(containerPort('http')).toBe(port);
    expect(botContainer?.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(containerPort(botContainer?.livenessProbe?.httpGet?.port)).toBe(port);
    expect(botContainer?.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(containerPort(botContainer?.readinessProbe?.httpGet?.port)).toBe(port);
    expect(containerPort(botContainer?.startupProbe?.httpGet?.port)).toBe(port);
  });

  it('GIVEN the bot Deployment THEN it reads the config map and the secret by their names', () => {
    const sources = botContainer?.envFrom ?? [];
    expect(sources.map((source) => source.configMapRef?.name).filter(Boolean)).toEqual([configMap.metadata?.name]);
    expect(sources.map((source) => source.secretRef?.name).filter(Boolean)).toEqual([secret.metadata?.name]);
  });

  it('GIVEN the bot Deployment THEN it runs locked down with a writable /tmp only', () => {
    expect(botPod?.securityContext?.runAsNonRoot).toBe(true);
    expect(botPod?.securityContext?.runAsUser).toBeGreaterThan(0);
    expect(botContainer?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    expect(botContainer?.resources?.requests).toBeDefined();
    expect(botContainer?.resources?.limits?.memory).toBeDefined();
    const tmp = botContainer?.volumeMounts?.find((mount) => mount.mountPath === '/tmp');
    expect(botPod?.volumes?.find((volume) => volume.name === tmp?.name)?.emptyDir).toBeDefined();
  });

  it('GIVEN the Services THEN their selectors pick the pods they serve, on ports those pods expose', () => {
    const service = find(Service, 'Service', 'study-bot');
    const labels = bot.spec?.template.metadata?.labels ?? {};
    expect(labels).toMatchObject(service.spec?.selector ?? { missing: 'selector' });
    expect(labels).toMatchObject(bot.spec?.selector.matchLabels ?? { missing: 'selector' });
    expect(service.spec?.ports?.[0]?.port).toBe(3000);
    expect(containerPort(service.spec?.ports?.[0]?.targetPort)).toBe(3000);

    const redis = find(Deployment, 'Deployment', 'redis');
    const redisService = find(Service, 'Service', 'redis');
    expect(redis.spec?.template.metadata?.labels ?? {}).toMatchObject(redisService.spec?.selector ?? { missing: 'selector' });
    const storeUrl = new URL(configMap.data?.STORE_URL ?? '');
    expect(storeUrl.hostname).toBe(redisService.metadata?.name);
    expect(Number(storeUrl.port)).toBe(redisService.spec?.ports?.[0]?.port);
  });

  it('GIVEN the sharded StatefulSet THEN the shard id is the pod ordinal and the shard count is the replica count', () => {
    const sharded = find(StatefulSet, 'StatefulSet', 'study-bot-discord');
    const container = sharded.spec?.template.spec?.containers[0];
    const env = container?.env ?? [];
    expect(env.find((variable) => variable.name === 'DISCORD_SHARD_ID')?.valueFrom?.fieldRef?.fieldPath).toBe(
      "metadata.labels['apps.kubernetes.io/pod-index']",
    );
    expect(Number(env.find((variable) => variable.name === 'DISCORD_SHARD_COUNT')?.value)).toBe(sharded.spec?.replicas);
    expect(find(Service, 'Service', sharded.spec?.serviceName ?? '').spec?.clusterIP).toBe('None');
    expect(container?.readinessProbe?.httpGet?.path).toBe('/readyz');
    expect(container?.livenessProbe?.httpGet?.path).toBe('/healthz');
    expect(containerPort(container?.readinessProbe?.httpGet?.port, container?.ports)).toBe(3000);
    expect(container?.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    // Each replica connects once per shard id it is given, so the config must accept every ordinal.
    for (let ordinal = 0; ordinal < (sharded.spec?.replicas ?? 0); ordinal++) {
      expect(() => loadConfig({ ...configMap.data, DISCORD_SHARD_ID: String(ordinal), DISCORD_SHARD_COUNT: String(sharded.spec?.replicas) })).not.toThrow();
    }
  });
});
