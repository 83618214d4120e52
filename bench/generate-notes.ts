/**
 * Deterministic generator of Thai-looking notes for benchmarks: words from a KM vocabulary,
 * written without spaces inside sentences the way Thai bloggers write.
 */

const WORDS = (
  'การ จัดการ ความรู้ ชุมชน เครือข่าย ภาคี องค์กร สังคม เรียนรู้ ร่วมกัน ผู้ว่าราชการจังหวัด โรงเรียน ครู นักเรียน ' +
  'เกษตรกร ชาวบ้าน หมู่บ้าน ตำบล อำเภอ โรงพยาบาล พยาบาล สุขภาพ ผู้สูงอายุ เยาวชน ป่าชุมชน แม่น้ำ ทรัพยากร ' +
  'ธรรมชาติ เศรษฐกิจ พอเพียง กองทุน สหกรณ์ ออมทรัพย์ วิสาหกิจ ผลิตภัณฑ์ ตลาด รายได้ หนี้สิน ปัญหา แนวทาง ' +
  'แก้ไข พัฒนา โครงการ กิจกรรม ประชุม สรุป บทเรียน ทบทวน หลัง ปฏิบัติ งาน ทีม ผู้นำ อาสาสมัคร ประสบการณ์ ' +
  'แลกเปลี่ยน เล่าเรื่อง ความสำเร็จ ความล้มเหลว เป้าหมาย ผลลัพธ์ วัด ประเมิน ติดตาม บันทึก เขียน อ่าน คิด ทำ ' +
  'ได้ ไม่ มี เป็น อยู่ ที่ และ ของ ใน กับ ให้ จาก ว่า ซึ่ง แต่ เพราะ จึง ก็ ยัง คือ นี้ นั้น เมื่อ ถ้า ทุก หลาย ' +
  'วัฒนธรรม ประเพณี ภูมิปัญญา ท้องถิ่น นวัตกรรม เทคโนโลยี ข้อมูล ระบบ สารสนเทศ ออนไลน์ เว็บไซต์ มหาวิทยาลัย ' +
  'วิจัย นักวิจัย นโยบาย รัฐบาล กระทรวง งบประมาณ แผน ยุทธศาสตร์ ภาคเหนือ ภาคใต้ ภาคอีสาน ภาคกลาง ข้าว ยาง ปาล์ม ' +
  'น้ำท่วม ภัยแล้ง ดิน ปุ๋ย อินทรีย์ สวน ไร่ นา ประมง ทะเล ชายฝั่ง ป่าไม้ สัตว์ ป่า อนุรักษ์ ฟื้นฟู ยั่งยืน'
).split(' ');
const LATIN = ['KM', 'AAR', 'CoP', 'gotoKnow', 'blog', 'Facebook', 'LINE', 'Excel', 'PDCA', 'SWOT'];

/** Small fast deterministic PRNG so every run of the benchmark indexes the same text. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

/** A sentence of 6-14 Thai words written together, sometimes with an English term or a year. */
export function generateSentence(random: () => number): string {
  const length = 6 + Math.floor(random() * 9);
  let sentence = '';
  for (let i = 0; i < length; i++) {
    const roll = random();
    if (roll < 0.03) sentence += ` ${pick(random, LATIN)} `;
    else if (roll < 0.04) sentence += ` ${2540 + Math.floor(random() * 30)} `;
    else sentence += pick(random, WORDS);
  }
  return sentence.trim();
}

/** A generated note: a title and a body of `sentences` sentences separated by spaces. */
export function generateNote(random: () => number, sentences = 12): { title: string; body: string } {
  const title = generateSentence(random).slice(0, 60);
  const body = Array.from({ length: sentences }, () => generateSentence(random)).join(' ');
  return { title, body };
}
