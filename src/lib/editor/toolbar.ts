/**
 * The rich editor's toolbar buttons (actions of src/scripts/rich-editor.ts), shared by the note form
 * and the AAR form's long answers. Short labels so the toolbar fits a 360 px phone in two rows.
 */
export const EDITOR_TOOLBAR = [
  { action: 'bold', label: 'B', title: 'ตัวหนา (Ctrl+B)' },
  { action: 'italic', label: 'I', title: 'ตัวเอียง (Ctrl+I)' },
  { action: 'heading', label: 'หัวข้อ', title: 'หัวข้อ (กดซ้ำเป็นหัวข้อย่อย แล้วกลับเป็นข้อความ)' },
  { action: 'bullet', label: '•', title: 'รายการแบบจุด' },
  { action: 'numbered', label: '1.', title: '1. รายการแบบลำดับ' },
  { action: 'quote', label: '❝', title: 'ข้อความอ้างอิง' },
  // A phone keyboard has no Shift+Enter: these two keep a กลอน's lines in one stanza (issue 24).
  { action: 'line-break', label: 'ขึ้นบรรทัด', title: 'ขึ้นบรรทัด (บรรทัดใหม่ในย่อหน้าเดิม, Shift+Enter)' },
  { action: 'poem', label: 'กลอน', title: 'กลอน/คำประพันธ์: กด Enter เพื่อขึ้นวรรคใหม่ กด Enter สองครั้งเพื่อจบกลอน' },
  { action: 'link', label: 'ลิงก์', title: 'ใส่หรือเอาลิงก์ออก' },
  { action: 'table', label: 'ตาราง', title: 'ใส่ตาราง (Tab ไปช่องถัดไป)' },
  { action: 'image', label: 'รูป', title: 'ใส่รูปภาพจากเครื่อง หรือจากที่อยู่บนเว็บ' },
  { action: 'undo', label: '↶', title: 'เลิกทำ (Ctrl+Z)' },
  { action: 'redo', label: '↷', title: 'ทำซ้ำ (Ctrl+Y)' },
] as const;
