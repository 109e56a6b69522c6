/** An OCI image reference split into the parts the compiler checks. */
export interface ImageRef {
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

export function parseImage(ref: string): ImageRef {
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at + 1) : undefined;
  const name = at >= 0 ? ref.slice(0, at) : ref;
  const colon = name.lastIndexOf(':');
  // A colon before the last slash belongs to a registry port (registry:5000/app), not a tag.
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  return { repository: tag !== undefined ? name.slice(0, colon) : name, tag, digest };
}

/** The app.kubernetes.io/version a service gets: the explicit version, else the image tag. */
export function imageVersion(image: string, explicit?: string): string | undefined {
  return explicit ?? parseImage(image).tag;
}
