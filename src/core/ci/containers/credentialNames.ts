/**
 * Names and values shared by the container, Kubernetes and Terraform analyzers: does a variable
 * name hold a credential, is a cloud-key value a stand-in (local emulators, test fixtures), and
 * which cloud a long-lived key belongs to.
 */
import { isPlaceholder } from '../../detect/filters/placeholder';
import { isReference } from '../../detect/filters/reference';

export { isCredentialName } from '../credentialNames';

/** Values that are not a real credential: empty, placeholders, references, local-emulator defaults. */
export function isDummyValue(value: string): boolean {
  const v = value.trim().replace(/^["']|["']$/g, '');
  if (v === '' || isPlaceholder(v) || isReference(v)) return true;
  // localstack / moto / minio defaults and hand-typed fillers.
  return /^(?:test|tests|testing|mock|mocked|fake|dummy|local|localstack|minio|minioadmin|minio123|moto|foo|foobar|bar|none|x|xx|access|secret|key|accesskey|secretkey|access_key|secret_key|id|aws|sample|demo|dev|development|placeholder|changeme|change_me)$/i.test(v);
}

export type Cloud = 'aws' | 'gcp' | 'azure';

/** Long-lived cloud key variables, by the environment name the SDKs read. */
export function cloudKeyOfEnv(name: string): Cloud | undefined {
  const n = name.toUpperCase();
  if (n === 'AWS_ACCESS_KEY_ID' || n === 'AWS_SECRET_ACCESS_KEY') return 'aws';
  if (n === 'AZURE_CLIENT_SECRET' || n === 'ARM_CLIENT_SECRET') return 'azure';
  if (n === 'GOOGLE_APPLICATION_CREDENTIALS' || n === 'GOOGLE_CREDENTIALS' || n === 'GOOGLE_CLOUD_KEYFILE_JSON') return 'gcp';
  return undefined;
}

/**
 * Variables that point the AWS SDK at S3-compatible storage (MinIO, LocalStack, Ceph, R2…): the
 * keys then belong to that service, where no AWS workload identity applies.
 */
export function isS3CompatibleEndpointName(name: string): boolean {
  return /^(?:AWS_ENDPOINT_URL(?:_\w+)?|AWS_S3_ENDPOINT|S3_ENDPOINT(?:_URL)?|\w*_S3_ENDPOINT(?:_URL)?|MINIO_\w+|LOCALSTACK_\w+|S3_HOST|S3_URL)$/i.test(name);
}

/** Images of S3-compatible servers and AWS emulators. */
export function isEmulatorImage(image: string | undefined): boolean {
  return !!image && /(?:^|\/)(?:minio|localstack|moto|motoserver|s3mock|fake-s3|adobe\/s3mock|zenko|ceph|seaweedfs)(?:[/:@]|$)/i.test(image);
}
