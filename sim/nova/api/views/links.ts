/** nova's resource links: `self` under the versioned root, `bookmark` under the unversioned one. */
export function resourceLinks(base: string, projectId: string, collection: string, id: string): { href: string; rel: string }[] {
  return [
    { href: `${base}/v2.1/${projectId}/${collection}/${id}`, rel: 'self' },
    { href: `${base}/${projectId}/${collection}/${id}`, rel: 'bookmark' },
  ];
}

export function bookmarkLink(base: string, projectId: string, collection: string, id: string): { href: string; rel: string }[] {
  return [{ href: `${base}/${projectId}/${collection}/${id}`, rel: 'bookmark' }];
}
