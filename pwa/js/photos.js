// Photos: downscaled on the phone to at most 2048 px (JPEG) before they are stored or sent.

import { done, get, transaction } from "./store.js";

export const MAX_SIDE = 2048;
const QUALITY = 0.85;

/** The size that fits `maxSide` while keeping the aspect ratio (never upscaled). */
export function fitSize(width, height, maxSide = MAX_SIDE) {
  const scale = Math.min(1, maxSide / Math.max(width, height));
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

async function decode(file) {
  if (typeof createImageBitmap === "function") {
    try {
      return await createImageBitmap(file, { imageOrientation: "from-image" });
    } catch { /* some browsers cannot decode every format here: fall back to an <img> */ }
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.decoding = "async";
    image.src = url;
    await image.decode();
    return image;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Decode an image file, scale it down to at most `maxSide` and encode it as JPEG. */
export async function downscale(file, maxSide = MAX_SIDE) {
  const source = await decode(file);
  const { width, height } = fitSize(source.width, source.height, maxSide);
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d");
  context.imageSmoothingQuality = "high";
  context.drawImage(source, 0, 0, width, height);
  if (typeof source.close === "function") source.close();
  const blob = await new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("encoding failed"))), "image/jpeg", QUALITY));
  canvas.width = 0;
  canvas.height = 0;
  return { blob, width, height };
}

/** Downscale a captured file, store it and name it in the draft's answer, all in one transaction. */
export async function addPhoto({ draft, questionId, file }) {
  const { blob, width, height } = await downscale(file);
  const photo = {
    id: crypto.randomUUID(),
    evaluation_id: draft.evaluation_id,
    assignment_id: draft.assignment_id,
    question_id: questionId,
    blob,
    width,
    height,
    taken_at: new Date(file.lastModified || Date.now()).toISOString(),
  };
  return transaction(["photos", "drafts"], "readwrite", async (s) => {
    const current = await done(s.drafts.get(draft.evaluation_id));
    const answer = current.answers[questionId] || { value: null, na: false, comment: null, photos: [] };
    current.answers[questionId] = { ...answer, photos: [...(answer.photos || []), photo.id] };
    await done(s.photos.put(photo));
    await done(s.drafts.put(current));
    return { photo, draft: current };
  });
}

/** Remove a photo from the draft's answer and from the device. */
export function removePhoto({ draft, questionId, photoId }) {
  return transaction(["photos", "drafts"], "readwrite", async (s) => {
    const current = await done(s.drafts.get(draft.evaluation_id));
    const answer = current.answers[questionId];
    if (answer) answer.photos = (answer.photos || []).filter((id) => id !== photoId);
    await done(s.photos.delete(photoId));
    await done(s.drafts.put(current));
    return current;
  });
}

/** An object URL for a photo kept on the device, or null when only the server has it. */
export async function localPhotoUrl(photoId) {
  const photo = await get("photos", photoId);
  return photo ? URL.createObjectURL(photo.blob) : null;
}
