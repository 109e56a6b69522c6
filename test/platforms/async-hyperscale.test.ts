/** Seed 000's Celery workers on the hyperscale platform: three queues and beat in namespace web, every region. */
import { hyperscale } from '../../platforms/hyperscale';
import { webAsync } from '../../platforms/hyperscale-async';
import { BUILTIN_BEHAVIOR_PROFILES } from '../../src/spec/behavior-profiles';
import { isError } from '../../src/spec/errors';
import { validatePlatform } from '../../src/spec/validate';
import { findObject, renderObjects } from '../support/fixtures';
import { schemaErrors } from '../support/schema';

const QUEUES = { high_priority: 'worker-high-priority', normal: 'worker-normal', low_priority: 'worker-low-priority' };

describe('hyperscale async workloads (seed 000)', () => {
  const objects = renderObjects(hyperscale);

  it('is wired into namespace web and raises no errors', () => {
    expect(hyperscale.namespaces.web.async).toBe(webAsync);
    expect(validatePlatform(hyperscale).filter(isError)).toEqual([]);
  });

  it('runs at least the seed\'s 500 worker pods per region, on general-purpose nodes', () => {
    const floors = Object.values(webAsync.queues!).map((q) => q.minWorkers);
    expect(floors.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(500);
    expect(webAsync.celery!.nodePool).toBe('general-purpose');
  });

  describe.each(['us-east', 'eu-west', 'apac'])('region %s', (region) => {
    const file = `hyperscale/${region}/10-web.yaml`;
    const cluster = `hyperscale/${region}/00-cluster.yaml`;

    it.each(Object.entries(QUEUES))('queue %s has its worker Deployment and ScaledObject', (queueName, name) => {
      const deployment = findObject(objects, file, 'Deployment', name);
      const container = deployment.spec.template.spec.containers[0];
      expect(container.args.slice(0, 5)).toEqual(['-A', 'hyperscale.celery:app', 'worker', '-Q', queueName]);
      expect(deployment.spec.template.spec.nodeSelector).toEqual({ 'platform-compiler.dev/node-pool': 'general-purpose' });
      expect(container.resources).toEqual({ requests: { cpu: '2', memory: '2Gi', 'ephemeral-storage': '256Mi' }, limits: { cpu: '2', memory: '2Gi', 'ephemeral-storage': '1Gi' } });
      const so = findObject(objects, file, 'ScaledObject', name);
      expect(so.spec.triggers[0]).toMatchObject({ type: 'rabbitmq', metadata: { queueName, mode: 'QueueLength', protocol: 'http' } });
      expect(so.spec.minReplicaCount).toBe(webAsync.queues![queueName].minWorkers);
      expect(so.spec.maxReplicaCount).toBe(webAsync.queues![queueName].maxWorkers);
    });

    it('dispatches emergencies in the high tier with no prefetch hoarding, and scales them fastest', () => {
      const deployment = findObject(objects, file, 'Deployment', 'worker-high-priority');
      expect(deployment.spec.template.spec.priorityClassName).toBe('hyperscale-async-high');
      expect(deployment.spec.template.spec.containers[0].args).toContain('--prefetch-multiplier=1');
      const so = findObject(objects, file, 'ScaledObject', 'worker-high-priority');
      expect(so.spec.pollingInterval).toBe(5);
      expect(so.spec.advanced.horizontalPodAutoscalerConfig.behavior).toEqual(BUILTIN_BEHAVIOR_PROFILES['burst-then-settle']);
    });

    it('lets reports finish: low tier, 30 min tasks, grace period above them', () => {
      const pod = findObject(objects, file, 'Deployment', 'worker-low-priority').spec.template.spec;
      expect(pod.priorityClassName).toBe('hyperscale-async-low');
      expect(pod.containers[0].args).toEqual(expect.arrayContaining(['--time-limit=1800', '--max-tasks-per-child=100']));
      expect(pod.terminationGracePeriodSeconds).toBe(1830);
    });

    it('runs one beat with the database scheduler, replaced with Recreate', () => {
      const beat = findObject(objects, file, 'Deployment', 'celery-beat');
      expect(beat.spec.replicas).toBe(1);
      expect(beat.spec.strategy).toEqual({ type: 'Recreate' });
      expect(beat.spec.template.spec.containers[0].args).toContain('--scheduler=django_celery_beat.schedulers:DatabaseScheduler');
      expect(objects.some((o) => o.file === file && o.object.kind === 'ScaledObject' && o.object.metadata.name === 'celery-beat')).toBe(false);
    });

    it('renders the serving class, then the three tiers below it, in the cluster file', () => {
      const classes = objects.filter((o) => o.file === cluster && o.object.kind === 'PriorityClass');
      expect(classes.map((o) => [o.object.metadata.name, o.object.value, o.object.preemptionPolicy])).toEqual([
        ['hyperscale-serving', 1000000, 'PreemptLowerPriority'],
        ['hyperscale-async-high', 100000, 'PreemptLowerPriority'],
        ['hyperscale-async-normal', 10000, 'Never'],
        ['hyperscale-async-low', 1000, 'Never'],
      ]);
    });

    it('lets every Celery pod reach RabbitMQ, PgBouncer and the Redis cache, nothing more', () => {
      for (const name of [...Object.values(QUEUES), 'celery-beat']) {
        const policy = findObject(objects, file, 'NetworkPolicy', name);
        expect(policy.spec.policyTypes).toEqual(['Egress']);
        expect(policy.spec.egress.map((r: any) => [r.to[0].namespaceSelector.matchLabels['kubernetes.io/metadata.name'], r.ports[0].port]))
          .toEqual([['messaging', 5672], ['data', 5432], ['data', 6379]]);
      }
    });

    it('authenticates KEDA against RabbitMQ through the Secret by name only', () => {
      expect(findObject(objects, file, 'TriggerAuthentication', 'keda-rabbitmq').spec)
        .toEqual({ secretTargetRef: [{ parameter: 'host', name: 'celery-broker', key: 'management-url' }] });
    });

    it('validates every async object against its upstream schema', () => {
      const names = new Set([...Object.values(QUEUES), 'celery-beat', 'keda-rabbitmq']);
      const mine = objects.filter((o) => (o.file === file && names.has(o.object.metadata?.name)) || (o.file === cluster && o.object.kind === 'PriorityClass'));
      // Per queue: ServiceAccount, Deployment, PDB, NetworkPolicy, ScaledObject, PodMonitor; beat: the same minus scaling;
      // the PriorityClasses: three worker tiers and the serving class.
      expect(mine.length).toBe(3 * 6 + 4 + 1 + 4);
      for (const { object } of mine) expect(schemaErrors(object)).toEqual([]);
    });
  });
});
