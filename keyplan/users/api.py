from ninja import Router

from keyplan.core.api.schemas import ErrorOut

from .schemas import MeOut

router = Router(tags=["me"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="The authenticated user")
def me(request):
    user = request.auth
    return {"id": user.pk, "username": user.username, "name": str(user), "role": user.role}
