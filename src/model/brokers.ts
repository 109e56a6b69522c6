/** Broker facts the model derives once: credentials KEDA reads, in-cluster addresses. */
import { BrokerSpec } from '../spec/workers/types';
import { ASYNC_DEFAULTS } from './defaults';
import { EgressPeer, SecretParameter } from './types';

/**
 * The scaler parameters a broker's credentials map to: RabbitMQ `host` (the AMQP or management
 * URL, credentials included), Redis `password`, Kafka SASL `username` and `password`.
 */
export function brokerSecretParameters(broker: BrokerSpec): SecretParameter[] {
  if (!broker.secret) return [];
  const secret = broker.secret;
  switch (broker.kind) {
    case 'rabbitmq':
      return [{ parameter: 'host', secret, key: broker.managementUrlKey ?? broker.urlKey ?? ASYNC_DEFAULTS.urlKey }];
    case 'redis':
      return [{ parameter: 'password', secret, key: broker.passwordKey ?? ASYNC_DEFAULTS.passwordKey }];
    case 'kafka':
      return broker.sasl ? [
        { parameter: 'username', secret, key: broker.usernameKey ?? ASYNC_DEFAULTS.usernameKey },
        { parameter: 'password', secret, key: broker.passwordKey ?? ASYNC_DEFAULTS.passwordKey },
      ] : [];
  }
}

/** The broker first, then the other targets, in spec order. */
export function egressFor(
  broker: BrokerSpec, brokerPort: number, targets: readonly { namespace?: string; podLabels?: Readonly<Record<string, string>>; port: number }[], namespace: string,
): EgressPeer[] {
  return [
    { namespace: broker.namespace ?? namespace, podLabels: broker.podLabels, port: brokerPort },
    ...targets.map((t) => ({ namespace: t.namespace ?? namespace, podLabels: t.podLabels, port: t.port })),
  ];
}
