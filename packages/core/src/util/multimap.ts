/** Adds `value` to the list under `key`, in place: copying the list on each add makes grouping quadratic. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
