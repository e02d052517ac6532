import { useEffect, useState } from 'react';
import type { AttachmentInfo } from '../../../../core/api/contract.ts';
import { client } from '../../stores/client-ref.ts';

/** Embedded images shown within the message: only these types, and only this large. */
const SHOWN = /^image\/(png|jpeg|gif|webp|bmp)$/i;
const LARGEST = 5 * 1024 * 1024;

function dataUrl(blob: Blob, type: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error ?? new Error('the image could not be read'));
    reader.readAsDataURL(new Blob([blob], { type }));
  });
}

export function embeddedImages(attachments: readonly AttachmentInfo[]): AttachmentInfo[] {
  return attachments.filter((item) => item.contentId !== null && SHOWN.test(item.contentType) && item.size <= LARGEST);
}

/**
 * The message's embedded images (cid:), fetched through the client and turned
 * into data: URLs, the only images the frame's CSP lets in without asking.
 */
export function useCidImages(id: string, attachments: readonly AttachmentInfo[]): ReadonlyMap<string, string> {
  const [images, setImages] = useState<ReadonlyMap<string, string>>(new Map());
  useEffect(() => {
    let live = true;
    setImages(new Map());
    const wanted = embeddedImages(attachments);
    void Promise.all(
      wanted.map(async (item) => {
        try {
          const blob = await client().attachmentBytes(id, item.index);
          return [item.contentId!, await dataUrl(blob, item.contentType.toLowerCase())] as const;
        } catch {
          // An image that cannot be fetched stays out; the message is still shown.
          return null;
        }
      }),
    ).then((loaded) => {
      const found = loaded.filter((entry) => entry !== null);
      if (live && found.length > 0) setImages(new Map(found));
    });
    return () => {
      live = false;
    };
  }, [id, attachments]);
  return images;
}
