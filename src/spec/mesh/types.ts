/**
 * Service mesh (Istio) and edge (NLB → NGINX Ingress → Kong → mesh) spec types, inferred from
 * the one schema in ../schema/mesh.ts (field docs live there).
 *
 * Durations are Go/Istio duration strings of one unit: `'250ms'`, `'3s'`, `'5m'`, `'1h'`.
 * Every name that points elsewhere (profiles, services, external services, edge policies) is
 * checked by `checkMesh` and reported with its path.
 */
import type * as mesh from '../schema/mesh';
import type { Spec } from '../schema/infer';

export type Duration = Spec<typeof mesh.durationSchema>;
export interface ConnectionPoolSpec extends Spec<typeof mesh.connectionPoolSchema> {}
export interface OutlierDetectionSpec extends Spec<typeof mesh.outlierDetectionSchema> {}
export interface CircuitBreakerProfileSpec extends Spec<typeof mesh.circuitBreakerProfileSchema> {}
export type LoadBalancerAlgorithm = Spec<typeof mesh.loadBalancerAlgorithmSchema>;
export interface LoadBalancerSpec extends Spec<typeof mesh.loadBalancerSchema> {}
export interface RetriesSpec extends Spec<typeof mesh.retriesSchema> {}
export interface TrafficSplitTargetSpec extends Spec<typeof mesh.trafficSplitTargetSchema> {}
export interface EdgeExposureSpec extends Spec<typeof mesh.edgeExposureSchema> {}
export interface ServiceMeshSpec extends Spec<typeof mesh.serviceMeshSchema> {}
export interface PeerPodsSpec extends Spec<typeof mesh.peerPodsSchema> {}
export interface TracingSpec extends Spec<typeof mesh.tracingSchema> {}
export type ExternalPortProtocol = Spec<typeof mesh.externalPortProtocolSchema>;
export interface ExternalServiceSpec extends Spec<typeof mesh.externalServiceSchema> {}
export interface AcmeIssuerSpec extends Spec<typeof mesh.acmeIssuerSchema> {}
export interface IssuerSpec extends Spec<typeof mesh.issuerSchema> {}
export type RateLimitKey = Spec<typeof mesh.rateLimitKeySchema>;
export interface RateLimitSpec extends Spec<typeof mesh.rateLimitSchema> {}
export type AuthPolicySpec = Spec<typeof mesh.authPolicySchema>;
export interface EdgeSpec extends Spec<typeof mesh.edgeSchema> {}
export interface EdgeControllerSpec extends Spec<typeof mesh.edgeControllerSchema> {}
export interface MeshPlatformSpec extends Spec<typeof mesh.meshPlatformSchema> {}
